package verticles.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.inventory.DemoStock;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.Migrator;
import verticles.platform.kafka.TopicSetup;
import verticles.tenants.DemoTenants;

import java.util.List;

/**
 * What a node makes sure of before it deploys a verticle: the database schema is current, the
 * Kafka topics exist, and (in development and tests only) the demo tenants are there. Every step
 * is idempotent, so nodes may start together and a restarted node finds nothing to do.
 */
final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    /** Development-only tenants; the README says so, and no production profile seeds them. */
    static final List<DemoTenants.Tenant> DEMO_TENANTS = List.of(
        new DemoTenants.Tenant("demo", "Demo Merchant", "demo-key"),
        new DemoTenants.Tenant("acme", "Acme Logistics", "acme-key"));

    private Bootstrap() {
    }

    static Future<Void> prepare(Vertx vertx, MeridianConfig config) {
        Pool pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 1), "bootstrap");
        return Migrator.migrate(vertx, pool)
            .compose(v -> config.get(Keys.SEED_DEMO_TENANTS) ? seedDemoTenants(pool) : Future.succeededFuture())
            .eventually(pool::close)
            .compose(v -> TopicSetup.ensureTopics(vertx, config));
    }

    private static Future<Void> seedDemoTenants(Pool pool) {
        List<String> ids = DEMO_TENANTS.stream().map(DemoTenants.Tenant::id).toList();
        return DemoTenants.seed(pool, DEMO_TENANTS)
            .compose(v -> DemoStock.seed(pool, ids))
            .onSuccess(v -> LOG.info("development tenants present: {}", ids));
    }
}
