package verticles.tenants;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.platform.db.CreatedOnce;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The SQL of tenants and their API keys (stored as hashes; a key itself is shown once and never kept). */
final class TenantStore {

    // The rest of CreatedOnce statements: the request's idempotency key commits with what it creates.
    private static final String CREATE_TENANT = """
        tenant AS (INSERT INTO tenants (id, name) SELECT $5, $6 FROM proceed RETURNING id, created_at),
        first_key AS (INSERT INTO api_keys (key_hash, prefix, tenant_id) SELECT $7, $8, id FROM tenant)
        SELECT created_at FROM tenant""";
    private static final String ISSUE_KEY = """
        issued AS (INSERT INTO api_keys (key_hash, prefix, tenant_id) SELECT $5, $6, $7 FROM proceed RETURNING created_at)
        SELECT created_at FROM issued""";
    private static final String SELECT_TENANT = """
        SELECT t.name, t.created_at, (SELECT prefix FROM api_keys k WHERE k.tenant_id = t.id ORDER BY created_at LIMIT 1) AS prefix
        FROM tenants t WHERE t.id = $1""";
    private static final String SELECT_KEY = "SELECT created_at FROM api_keys WHERE tenant_id = $1 AND prefix = $2";
    private static final String LIST_KEYS =
        "SELECT prefix, created_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY created_at";
    private static final String REVOKE = """
        UPDATE api_keys SET revoked_at = now()
        WHERE tenant_id = $1 AND prefix = $2 AND revoked_at IS NULL RETURNING key_hash""";
    private static final String RATE_LIMIT = "UPDATE tenants SET rate_per_second = $2, rate_burst = $3 WHERE id = $1";
    private static final String HISTORY_RETENTION = "UPDATE tenants SET history_retention_seconds = $2 WHERE id = $1";
    private static final String EXISTS = "SELECT 1 FROM tenants WHERE id = $1";
    private static final String SET_BRANDING = "UPDATE tenants SET display_name = $2, brand_colour = $3 WHERE id = $1";
    private static final String BRANDING = "SELECT name, display_name, brand_colour FROM tenants WHERE id = $1";
    private static final String LOOKUP = """
        SELECT k.tenant_id, t.rate_per_second, t.rate_burst, t.history_retention_seconds
        FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL""";
    private static final String SEED_TENANT = "INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING";
    private static final String SEED_KEY = """
        INSERT INTO api_keys (key_hash, prefix, tenant_id) VALUES ($1, $2, $3) ON CONFLICT (key_hash) DO NOTHING""";

    private final Pool pool;

    TenantStore(Pool pool) {
        this.pool = pool;
    }

    /** A tenant with its first key, under the command's idempotency key; answers when it was created. */
    Future<CreatedOnce.Outcome> create(JsonObject command, String id, String name, String keyHash, String keyPrefix) {
        return CreatedOnce.run(pool, command, id, CREATE_TENANT, List.of(id, name, keyHash, keyPrefix));
    }

    /** Another key for a tenant, under the command's idempotency key (the key's prefix is what it created). */
    Future<CreatedOnce.Outcome> issue(JsonObject command, String tenantId, String keyHash, String keyPrefix) {
        return CreatedOnce.run(pool, command, keyPrefix, ISSUE_KEY, List.of(keyHash, keyPrefix, tenantId));
    }

    /** A tenant as its creation answered, without the key: name, created_at and its first key's prefix. */
    Future<Row> tenant(String id) {
        return pool.preparedQuery(SELECT_TENANT).execute(Tuple.of(id)).map(rows -> rows.iterator().next());
    }

    Future<OffsetDateTime> keyCreatedAt(String tenantId, String prefix) {
        return pool.preparedQuery(SELECT_KEY).execute(Tuple.of(tenantId, prefix))
            .map(rows -> rows.iterator().next().getOffsetDateTime("created_at"));
    }

    /** The tenant's keys by prefix, oldest first, with when each was revoked (null: live). */
    Future<JsonArray> keys(String tenantId) {
        return pool.preparedQuery(LIST_KEYS).execute(Tuple.of(tenantId)).map(rows -> {
            JsonArray items = new JsonArray();
            for (Row row : rows) {
                OffsetDateTime revokedAt = row.getOffsetDateTime("revoked_at");
                items.add(new JsonObject().put("prefix", row.getString("prefix"))
                    .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
                    .put("revokedAt", revokedAt == null ? null : revokedAt.toInstant().toString()));
            }
            return items;
        });
    }

    /** Revokes the tenant's live keys with the prefix; answers their hashes (none: nothing matched). */
    Future<JsonArray> revoke(String tenantId, String prefix) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(tenantId, prefix)).map(rows -> {
            JsonArray hashes = new JsonArray();
            rows.forEach(row -> hashes.add(row.getString(0)));
            return hashes;
        });
    }

    /** Sets (or, with nulls, clears) the tenant's own rate; false when there is no such tenant. */
    Future<Boolean> rateLimit(String tenantId, Integer perSecond, Integer burst) {
        return pool.preparedQuery(RATE_LIMIT).execute(Tuple.of(tenantId, perSecond, burst)).map(r -> r.rowCount() > 0);
    }

    /** True when the tenant exists (and now shows itself so). */
    Future<Boolean> setBranding(String tenantId, String displayName, String colour) {
        return pool.preparedQuery(SET_BRANDING).execute(Tuple.of(tenantId, displayName, colour)).map(rows -> rows.rowCount() > 0);
    }

    /** How the tenant shows itself to its customers: its display name (else its name) and colour (null: the default). */
    Future<Optional<JsonObject>> branding(String tenantId) {
        return pool.preparedQuery(BRANDING).execute(Tuple.of(tenantId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            String display = r.getString("display_name");
            return Optional.of(new JsonObject().put("displayName", display != null ? display : r.getString("name"))
                .put("colour", r.getString("brand_colour")));
        });
    }

    Future<Boolean> exists(String tenantId) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(tenantId)).map(rows -> rows.size() > 0);
    }

    /** The live key with this hash: its tenant and the tenant's own rate (nulls: the default). */
    /** Sets a tenant's own history retention (null: the configured one); false when there is no such tenant. */
    Future<Boolean> historyRetention(String tenantId, Long seconds) {
        return pool.preparedQuery(HISTORY_RETENTION).execute(Tuple.of(tenantId, seconds)).map(r -> r.rowCount() > 0);
    }

    static Future<Optional<Row>> lookup(SqlClient db, String keyHash) {
        return db.preparedQuery(LOOKUP).execute(Tuple.of(keyHash))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
    }

    /** Adds a tenant with a key unless they are there already. */
    static Future<Void> seed(SqlClient tx, String id, String name, String keyHash, String keyPrefix) {
        return tx.preparedQuery(SEED_TENANT).execute(Tuple.of(id, name))
            .compose(r -> tx.preparedQuery(SEED_KEY).execute(Tuple.of(keyHash, keyPrefix, id)))
            .mapEmpty();
    }
}
