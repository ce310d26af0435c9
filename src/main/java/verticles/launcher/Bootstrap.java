package verticles.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.tenant.ApiKeys;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.Migrator;
import verticles.platform.kafka.TopicSetup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a node makes sure of before it deploys a verticle: the database schema is current, the
 * Kafka topics exist, and (in development and tests only) the demo tenants are there. Every step
 * is idempotent, so nodes may start together and a restarted node finds nothing to do.
 */
final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    /** Development-only tenants; the README says so, and no production profile seeds them. */
    record DemoTenant(String id, String name, String apiKey) {
    }

    static final List<DemoTenant> DEMO_TENANTS = List.of(
        new DemoTenant("demo", "Demo Merchant", "demo-key"),
        new DemoTenant("acme", "Acme Logistics", "acme-key"));

    private Bootstrap() {
    }

    static Future<Void> prepare(Vertx vertx, MeridianConfig config) {
        Pool pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 1), "bootstrap");
        return Migrator.migrate(vertx, pool)
            .compose(v -> config.get(Keys.SEED_DEMO_TENANTS) ? seedDemoTenants(pool) : Future.succeededFuture())
            .eventually(pool::close)
            .compose(v -> TopicSetup.ensureTopics(vertx, config));
    }

    /** Stock for the demo tenants' orders; set once, never reset, so a restart keeps what was sold. */
    static final Map<String, Integer> DEMO_STOCK = Map.of("BOOK-1", 1_000_000, "MUG-1", 100_000, "POSTER-1", 50_000,
        "LAMP-1", 5);

    private static Future<Void> seedDemoStock(Pool pool) {
        List<Tuple> rows = new ArrayList<>();
        DEMO_TENANTS.forEach(t -> DEMO_STOCK.forEach((sku, n) -> rows.add(Tuple.of(t.id(), sku, n))));
        return pool.preparedQuery("""
                INSERT INTO inventory (tenant_id, sku, available) VALUES ($1, $2, $3)
                ON CONFLICT (tenant_id, sku) DO NOTHING""")
            .executeBatch(rows)
            .mapEmpty();
    }

    private static Future<Void> seedDemoTenants(Pool pool) {
        return pool.withTransaction(tx -> Future.all(DEMO_TENANTS.stream().map(t ->
                tx.preparedQuery("INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
                    .execute(Tuple.of(t.id(), t.name()))
                    .compose(r -> tx.preparedQuery("""
                            INSERT INTO api_keys (key_hash, prefix, tenant_id) VALUES ($1, $2, $3)
                            ON CONFLICT (key_hash) DO NOTHING""")
                        .execute(Tuple.of(ApiKeys.hash(t.apiKey()), ApiKeys.prefix(t.apiKey()), t.id()))))
                .toList()))
            .compose(v -> seedDemoStock(pool))
            .onSuccess(v -> LOG.info("development tenants present: {}", DEMO_TENANTS.stream().map(DemoTenant::id).toList()))
            .mapEmpty();
    }
}
