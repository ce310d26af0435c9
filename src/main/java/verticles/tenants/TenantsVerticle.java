package verticles.tenants;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.domain.tenant.ApiKeys;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Owns tenants and their API keys: creates a tenant with its first key, issues more keys,
 * lists them by prefix (a key is shown once, when it is made; only its hash is stored), and
 * revokes them. A revocation is published cluster-wide, so every node forgets the key at once.
 */
public final class TenantsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TenantsVerticle.class);

    private Pool pool;
    private List<MessageConsumer<JsonObject>> consumers;

    @Override
    public Future<?> start() {
        pool = Clients.postgres(vertx, MeridianConfig.of(config()).with(Keys.PG_POOL_SIZE, 2), "tenants");
        var bus = vertx.eventBus();
        consumers = List.of(
            bus.<JsonObject>consumer(Addresses.TENANTS_CREATE, m -> CommandFailure.replyTo(m, create(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.TENANTS_KEYS_LIST, m -> CommandFailure.replyTo(m, keys(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.TENANTS_KEYS_CREATE, m -> CommandFailure.replyTo(m, issue(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.TENANTS_KEYS_REVOKE, m -> CommandFailure.replyTo(m, revoke(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.TENANTS_RATE_LIMIT, m -> CommandFailure.replyTo(m, rateLimit(m.body()), LOG)));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).eventually(pool::close);
    }

    private Future<JsonObject> create(JsonObject request) {
        String id = Ids.newTenantId();
        String name = request.getString("name");
        String key = ApiKeys.newKey();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO tenants (id, name) VALUES ($1, $2) RETURNING created_at")
                .execute(Tuple.of(id, name))
                .compose(rows -> insertKey(tx, id, key).map(rows.iterator().next().getOffsetDateTime(0))))
            .map(createdAt -> new JsonObject().put("id", id).put("name", name).put("apiKey", key)
                .put("keyPrefix", ApiKeys.prefix(key)).put("createdAt", createdAt.toInstant().toString()))
            .onSuccess(t -> LOG.info("tenant {} created", id));
    }

    private Future<JsonObject> issue(JsonObject request) {
        String tenantId = request.getString("tenantId");
        String key = ApiKeys.newKey();
        return exists(tenantId).compose(v -> insertKey(pool, tenantId, key))
            .map(createdAt -> new JsonObject().put("apiKey", key).put("keyPrefix", ApiKeys.prefix(key))
                .put("createdAt", createdAt.toInstant().toString()));
    }

    private static Future<OffsetDateTime> insertKey(io.vertx.sqlclient.SqlClient client, String tenantId, String key) {
        return client.preparedQuery("INSERT INTO api_keys (key_hash, prefix, tenant_id) VALUES ($1, $2, $3) RETURNING created_at")
            .execute(Tuple.of(ApiKeys.hash(key), ApiKeys.prefix(key), tenantId))
            .map(rows -> rows.iterator().next().getOffsetDateTime(0));
    }

    private Future<JsonObject> keys(JsonObject request) {
        String tenantId = request.getString("tenantId");
        return exists(tenantId).compose(v -> pool.preparedQuery(
                "SELECT prefix, created_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY created_at")
            .execute(Tuple.of(tenantId)))
            .map(rows -> {
                JsonArray items = new JsonArray();
                for (Row row : rows) {
                    OffsetDateTime revokedAt = row.getOffsetDateTime("revoked_at");
                    items.add(new JsonObject().put("prefix", row.getString("prefix"))
                        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
                        .put("revokedAt", revokedAt == null ? null : revokedAt.toInstant().toString()));
                }
                return new JsonObject().put("items", items);
            });
    }

    /** Revokes the tenant's live keys with the prefix, then tells every node to forget them. */
    private Future<JsonObject> revoke(JsonObject request) {
        String tenantId = request.getString("tenantId");
        String prefix = request.getString("prefix");
        return exists(tenantId).compose(v -> pool.preparedQuery("""
                UPDATE api_keys SET revoked_at = now()
                WHERE tenant_id = $1 AND prefix = $2 AND revoked_at IS NULL RETURNING key_hash""")
            .execute(Tuple.of(tenantId, prefix)))
            .compose(rows -> {
                if (rows.rowCount() == 0) {
                    return CommandFailure.fail(404, "no live key of tenant " + tenantId + " starts with " + prefix);
                }
                JsonArray hashes = new JsonArray();
                rows.forEach(row -> hashes.add(row.getString(0)));
                vertx.eventBus().publish(Addresses.API_KEYS_REVOKED, new JsonObject().put("keyHashes", hashes));
                LOG.info("tenant {}: {} key(s) with prefix {} revoked", tenantId, hashes.size(), prefix);
                return Future.succeededFuture(new JsonObject().put("revoked", hashes.size()));
            });
    }

    /** Sets (or, with nulls, clears) the tenant's own rate; every node re-reads its keys' limits at once. */
    private Future<JsonObject> rateLimit(JsonObject request) {
        String tenantId = request.getString("tenantId");
        Integer perSecond = request.getInteger("perSecond");
        Integer burst = request.getInteger("burst");
        return pool.preparedQuery("UPDATE tenants SET rate_per_second = $2, rate_burst = $3 WHERE id = $1")
            .execute(Tuple.of(tenantId, perSecond, burst))
            .compose(rows -> {
                if (rows.rowCount() == 0) {
                    return CommandFailure.fail(404, "no tenant " + tenantId);
                }
                vertx.eventBus().publish(Addresses.TENANTS_CHANGED, new JsonObject().put("tenantId", tenantId));
                return Future.succeededFuture(new JsonObject().put("tenantId", tenantId).put("perSecond", perSecond)
                    .put("burst", burst));
            });
    }

    private Future<Void> exists(String tenantId) {
        return pool.preparedQuery("SELECT 1 FROM tenants WHERE id = $1").execute(Tuple.of(tenantId))
            .compose(rows -> rows.size() == 0 ? CommandFailure.fail(404, "no tenant " + tenantId) : Future.succeededFuture());
    }
}
