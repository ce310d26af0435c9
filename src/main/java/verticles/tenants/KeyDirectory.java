package verticles.tenants;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.util.Optional;

/**
 * Which tenant an API key belongs to, for the HTTP edge's authentication: the one question about
 * tenants another package may ask directly (published; the tenants' tables stay this package's).
 */
public final class KeyDirectory {

    /** A live key's tenant, the tenant's own rate limit and history retention (nulls: the configured ones). */
    public record Key(String tenantId, Integer ratePerSecond, Integer rateBurst, java.time.Duration historyRetention) {
    }

    private final SqlClient db;

    public KeyDirectory(SqlClient db) {
        this.db = db;
    }

    /** The live key with this SHA-256 hash, or empty when it is unknown or revoked. */
    public Future<Optional<Key>> lookup(String keyHash) {
        return TenantStore.lookup(db, keyHash).map(found -> found.map(row ->
            new Key(row.getString("tenant_id"), row.getInteger("rate_per_second"), row.getInteger("rate_burst"),
                row.getLong("history_retention_seconds") == null ? null
                    : java.time.Duration.ofSeconds(row.getLong("history_retention_seconds")))));
    }
}
