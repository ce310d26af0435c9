package verticles.tenants;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
import verticles.platform.db.CreatedOnce;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Owns tenants and their API keys: creates a tenant with its first key, issues more keys,
 * lists them by prefix (a key is shown once, when it is made; only its hash is stored), and
 * revokes them. A revocation is published cluster-wide, so every node forgets the key at once.
 */
public final class TenantsVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TenantsVerticle.class);

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

    private Pool pool;
    private List<MessageConsumer<JsonObject>> consumers;
    private long purgeTimer;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "tenants");
        Duration keepKeys = config.get(Keys.IDEMPOTENCY_TTL);
        // Idempotency keys of every kind are forgotten here, hourly: this verticle runs on every node
        // and owns little else, and two nodes purging at once only delete the same rows.
        purgeTimer = vertx.setPeriodic(3_600_000, t -> CreatedOnce.purge(pool, keepKeys)
            .onFailure(e -> LOG.warn("purging old idempotency keys failed; the next hour tries again: {}", e.toString())));
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
        vertx.cancelTimer(purgeTimer);
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).eventually(pool::close);
    }

    private Future<JsonObject> create(JsonObject request) {
        String id = Ids.newTenantId();
        String name = request.getString("name");
        String key = ApiKeys.newKey();
        return CreatedOnce.run(pool, request, id, CREATE_TENANT, List.of(id, name, ApiKeys.hash(key), ApiKeys.prefix(key)))
            .compose(outcome -> {
                if (!outcome.created()) {
                    return pool.preparedQuery(SELECT_TENANT).execute(Tuple.of(outcome.earlierId()))
                        .map(rows -> CreatedOnce.replayed(withheldKey(new JsonObject()
                            .put("id", outcome.earlierId()).put("name", rows.iterator().next().getString("name"))
                            .put("keyPrefix", rows.iterator().next().getString("prefix")), rows)));
                }
                LOG.info("tenant {} created", id);
                return Future.succeededFuture(new JsonObject().put("id", id).put("name", name).put("apiKey", key)
                    .put("keyPrefix", ApiKeys.prefix(key)).put("createdAt", createdAt(outcome.rows())));
            });
    }

    private Future<JsonObject> issue(JsonObject request) {
        String tenantId = request.getString("tenantId");
        String key = ApiKeys.newKey();
        String prefix = ApiKeys.prefix(key);
        return exists(tenantId)
            .compose(v -> CreatedOnce.run(pool, request, prefix, ISSUE_KEY, List.of(ApiKeys.hash(key), prefix, tenantId)))
            .compose(outcome -> outcome.created()
                ? Future.succeededFuture(new JsonObject().put("apiKey", key).put("keyPrefix", prefix)
                    .put("createdAt", createdAt(outcome.rows())))
                : pool.preparedQuery(SELECT_KEY).execute(Tuple.of(tenantId, outcome.earlierId()))
                    .map(rows -> CreatedOnce.replayed(withheldKey(new JsonObject().put("keyPrefix", outcome.earlierId()),
                        rows))));
    }

    private static String createdAt(RowSet<Row> rows) {
        return rows.iterator().next().getOffsetDateTime("created_at").toInstant().toString();
    }

    /** A replayed answer: when it was created, and the key it showed then withheld, for it is shown once. */
    private static JsonObject withheldKey(JsonObject answer, RowSet<Row> rows) {
        return answer.put("createdAt", createdAt(rows)).put("withheld", new JsonArray().add("apiKey"));
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
