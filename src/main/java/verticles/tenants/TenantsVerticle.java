package verticles.tenants;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.domain.tenant.ApiKeys;
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

    private Pool pool;
    private TenantStore store;
    private List<MessageConsumer<JsonObject>> consumers;
    private long purgeTimer;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "tenants");
        store = new TenantStore(pool);
        Duration keepKeys = config.get(Keys.IDEMPOTENCY_TTL);
        // Idempotency keys of every kind are forgotten here, hourly: this verticle runs on every node
        // and owns little else, and two nodes purging at once only delete the same rows.
        purgeTimer = vertx.setPeriodic(3_600_000, t -> CreatedOnce.purge(pool, keepKeys)
            .onFailure(e -> LOG.warn("purging old idempotency keys failed; the next hour tries again: {}", e.toString())));
        var bus = vertx.eventBus();
        consumers = List.of(
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_CREATE, m -> CommandFailure.replyTo(m, create(m.body()), LOG)),
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_KEYS_LIST, m -> CommandFailure.replyTo(m, keys(m.body()), LOG)),
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_KEYS_CREATE, m -> CommandFailure.replyTo(m, issue(m.body()), LOG)),
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_KEYS_REVOKE, m -> CommandFailure.replyTo(m, revoke(m.body()), LOG)),
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_RATE_LIMIT, m -> CommandFailure.replyTo(m, rateLimit(m.body()), LOG)),
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_BRANDING_SET, m -> CommandFailure.replyTo(m, setBranding(m.body()), LOG)),
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_BRANDING, m -> CommandFailure.replyTo(m, branding(m.body()), LOG)),
            bus.<JsonObject>consumer(TenantAddresses.TENANTS_HISTORY_RETENTION,
                m -> CommandFailure.replyTo(m, historyRetention(m.body()), LOG)));
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
        return store.create(request, id, name, ApiKeys.hash(key), ApiKeys.prefix(key)).compose(outcome -> {
            if (!outcome.created()) {
                return store.tenant(outcome.earlierId()).map(row -> CreatedOnce.replayed(withheldKey(new JsonObject()
                    .put("id", outcome.earlierId()).put("name", row.getString("name"))
                    .put("keyPrefix", row.getString("prefix")), row.getOffsetDateTime("created_at"))));
            }
            LOG.info("tenant {} created", id);
            return Future.succeededFuture(new JsonObject().put("id", id).put("name", name).put("apiKey", key)
                .put("keyPrefix", ApiKeys.prefix(key)).put("createdAt", createdAt(outcome)));
        });
    }

    private Future<JsonObject> issue(JsonObject request) {
        String tenantId = request.getString("tenantId");
        String key = ApiKeys.newKey();
        String prefix = ApiKeys.prefix(key);
        return exists(tenantId)
            .compose(v -> store.issue(request, tenantId, ApiKeys.hash(key), prefix))
            .compose(outcome -> outcome.created()
                ? Future.succeededFuture(new JsonObject().put("apiKey", key).put("keyPrefix", prefix)
                    .put("createdAt", createdAt(outcome)))
                : store.keyCreatedAt(tenantId, outcome.earlierId()).map(at -> CreatedOnce.replayed(
                    withheldKey(new JsonObject().put("keyPrefix", outcome.earlierId()), at))));
    }

    private static String createdAt(CreatedOnce.Outcome created) {
        return created.rows().iterator().next().getOffsetDateTime("created_at").toInstant().toString();
    }

    /** A replayed answer: when it was created, and the key it showed then withheld, for it is shown once. */
    private static JsonObject withheldKey(JsonObject answer, OffsetDateTime createdAt) {
        return answer.put("createdAt", createdAt.toInstant().toString()).put("withheld", new JsonArray().add("apiKey"));
    }

    private Future<JsonObject> keys(JsonObject request) {
        String tenantId = request.getString("tenantId");
        return exists(tenantId).compose(v -> store.keys(tenantId)).map(items -> new JsonObject().put("items", items));
    }

    /** Revokes the tenant's live keys with the prefix, then tells every node to forget them. */
    private Future<JsonObject> revoke(JsonObject request) {
        String tenantId = request.getString("tenantId");
        String prefix = request.getString("prefix");
        return exists(tenantId).compose(v -> store.revoke(tenantId, prefix)).compose(hashes -> {
            if (hashes.isEmpty()) {
                return CommandFailure.fail(404, "no live key of tenant " + tenantId + " starts with " + prefix);
            }
            vertx.eventBus().publish(TenantAddresses.API_KEYS_REVOKED, new JsonObject().put("keyHashes", hashes));
            LOG.info("tenant {}: {} key(s) with prefix {} revoked", tenantId, hashes.size(), prefix);
            return Future.succeededFuture(new JsonObject().put("revoked", hashes.size()));
        });
    }

    /** Sets (or, with nulls, clears) the tenant's own rate; every node re-reads its keys' limits at once. */
    private Future<JsonObject> rateLimit(JsonObject request) {
        String tenantId = request.getString("tenantId");
        Integer perSecond = request.getInteger("perSecond");
        Integer burst = request.getInteger("burst");
        return store.rateLimit(tenantId, perSecond, burst).compose(found -> {
            if (!found) {
                return CommandFailure.fail(404, "no tenant " + tenantId);
            }
            vertx.eventBus().publish(TenantAddresses.TENANTS_CHANGED, new JsonObject().put("tenantId", tenantId));
            return Future.succeededFuture(new JsonObject().put("tenantId", tenantId).put("perSecond", perSecond)
                .put("burst", burst));
        });
    }

    private Future<JsonObject> historyRetention(JsonObject request) {
        String tenantId = request.getString("tenantId");
        Long seconds = request.getLong("seconds");
        return store.historyRetention(tenantId, seconds).compose(found -> {
            if (!found) {
                return CommandFailure.fail(404, "no tenant " + tenantId);
            }
            vertx.eventBus().publish(TenantAddresses.TENANTS_CHANGED, new JsonObject().put("tenantId", tenantId));
            return Future.succeededFuture(new JsonObject().put("tenantId", tenantId)
                .put("retention", request.getString("retention")));
        });
    }

    private Future<JsonObject> setBranding(JsonObject request) {
        String tenantId = request.getString("tenantId");
        return store.setBranding(tenantId, request.getString("displayName"), request.getString("colour"))
            .compose(found -> found ? branding(request) : CommandFailure.fail(404, "no tenant " + tenantId));
    }

    private Future<JsonObject> branding(JsonObject request) {
        String tenantId = request.getString("tenantId");
        return store.branding(tenantId).compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> CommandFailure.fail(404, "no tenant " + tenantId)));
    }

    private Future<Void> exists(String tenantId) {
        return store.exists(tenantId)
            .compose(found -> found ? Future.succeededFuture() : CommandFailure.fail(404, "no tenant " + tenantId));
    }
}
