package verticles.launcher;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.api.ApiVerticle;
import verticles.deadletters.DeadLetterVerticle;
import verticles.inventory.InventoryVerticle;
import verticles.notify.NotificationVerticle;
import verticles.orders.OrderSagaVerticle;
import verticles.orders.OrderStateMachineVerticle;
import verticles.platform.maintenance.MaintenanceVerticle;
import verticles.platform.outbox.OutboxRelayVerticle;
import verticles.platform.config.ConfigKey;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.trace.Tracing;
import verticles.push.OrderJournalVerticle;
import verticles.simulator.CourierSimulatorVerticle;
import verticles.simulator.OrderSimulatorVerticle;
import verticles.shipments.ShipmentsVerticle;
import verticles.tenants.TenantsVerticle;
import verticles.shipments.TrackingVerticle;
import verticles.devices.DevicesVerticle;
import verticles.trackinglinks.TrackingLinksVerticle;
import verticles.webhooks.WebhookVerticle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One running Meridian node: a Vert.x instance (clustered or not) and the verticles its
 * configuration asks for. The production main, the developer run and the tests all start nodes
 * through here, so they run the same code.
 */
public final class MeridianNode {

    private static final Logger LOG = LoggerFactory.getLogger(MeridianNode.class);

    /** A verticle family, the key that says how many instances to run, and how to make one. */
    private record Family(String name, ConfigKey<Integer> instances, Supplier<io.vertx.core.Deployable> factory) {
    }

    // Deployed in this order and undeployed in reverse: the HTTP edge comes up last and goes
    // down first, so no request arrives at a node whose state machine is not there.
    private static final List<Family> FAMILIES = List.of(
        new Family("tenants", NodeKeys.TENANTS_INSTANCES, TenantsVerticle::new),
        new Family("orders", NodeKeys.ORDERS_INSTANCES, OrderStateMachineVerticle::new),
        new Family("outbox-relay", NodeKeys.OUTBOX_RELAY_INSTANCES, OutboxRelayVerticle::new),
        new Family("notify", NodeKeys.NOTIFY_INSTANCES, NotificationVerticle::new),
        new Family("shipments", NodeKeys.SHIPMENTS_INSTANCES, ShipmentsVerticle::new),
        new Family("tracking", NodeKeys.TRACKING_INSTANCES, TrackingVerticle::new),
        new Family("order-journal", NodeKeys.ORDER_JOURNAL_INSTANCES, OrderJournalVerticle::new),
        new Family("inventory", NodeKeys.INVENTORY_INSTANCES, InventoryVerticle::new),
        new Family("order-saga", NodeKeys.ORDER_SAGA_INSTANCES, OrderSagaVerticle::new),
        new Family("webhooks", NodeKeys.WEBHOOKS_INSTANCES, WebhookVerticle::new),
        new Family("dead-letters", NodeKeys.DEAD_LETTERS_INSTANCES, DeadLetterVerticle::new),
        new Family("devices", NodeKeys.DEVICES_INSTANCES, DevicesVerticle::new),
        new Family("tracking-links", NodeKeys.TRACKING_LINKS_INSTANCES, TrackingLinksVerticle::new),
        new Family("maintenance", NodeKeys.MAINTENANCE_INSTANCES, MaintenanceVerticle::new),
        new Family("order-simulator", NodeKeys.ORDER_SIMULATOR_INSTANCES, OrderSimulatorVerticle::new),
        new Family("api", NodeKeys.API_INSTANCES, ApiVerticle::new),
        // Last: the simulated couriers use the API that is now listening.
        new Family("couriers", NodeKeys.COURIERS_INSTANCES, CourierSimulatorVerticle::new));

    private final Vertx vertx;
    private final MeridianConfig config;
    private final Optional<OpenTelemetrySdk> tracing;
    private final Deque<String> deployments = new ArrayDeque<>();

    private MeridianNode(Vertx vertx, MeridianConfig config, Optional<OpenTelemetrySdk> tracing) {
        this.vertx = vertx;
        this.config = config;
        this.tracing = tracing;
    }

    public static Future<MeridianNode> start(MeridianConfig config) {
        Optional<String> refused = StartupRules.refusal(config);
        if (refused.isPresent()) {
            return Future.failedFuture(new IllegalStateException(refused.get()));
        }
        String registry = "meridian-" + UUID.randomUUID();
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setRegistryName(registry)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        VertxOptions options = new VertxOptions().setMetricsOptions(metrics);
        Optional<OpenTelemetrySdk> tracing = Tracing.fromConfig(config);
        tracing.ifPresent(sdk -> options.setTracingOptions(new OpenTelemetryOptions()));
        VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
        tracing.ifPresent(sdk -> builder.withTracer(new OpenTelemetryTracingFactory(sdk)));
        Future<Vertx> vertx;
        if (config.get(Keys.CLUSTER_ENABLED)) {
            options.setEventBusOptions(new EventBusOptions().setHost(config.get(Keys.CLUSTER_HOST))
                .setPort(config.get(Keys.CLUSTER_EVENT_BUS_PORT)));
            var manager = ClusterSetup.clusterManager(config);
            vertx = builder.withClusterManager(manager).buildClustered()
                .onSuccess(v -> ClusterSetup.announceDepartures(manager, v));
        } else {
            vertx = Future.succeededFuture(builder.build());
        }
        MeridianConfig withRegistry = MeridianConfig.of(config.toJson().put(verticles.platform.metrics.Meters.REGISTRY_KEY, registry));
        return vertx.compose(v -> {
            MeridianNode node = new MeridianNode(v, withRegistry, tracing);
            return Bootstrap.prepare(v, withRegistry)
                .compose(ready -> node.deployAll())
                .map(node)
                .recover(e -> {
                    // Report at once and close in the background: a callback chained on close()
                    // would be bound to an event loop that the close itself shuts down.
                    v.close();
                    return Future.failedFuture(e);
                });
        });
    }

    public Vertx vertx() {
        return vertx;
    }

    public MeridianConfig config() {
        return config;
    }

    private Future<Void> deployAll() {
        Future<Void> chain = Future.succeededFuture();
        JsonObject tree = config.toJson();
        for (Family family : FAMILIES) {
            int instances = config.get(family.instances());
            if (instances <= 0) {
                continue;
            }
            chain = chain.compose(v -> vertx.deployVerticle(family.factory(),
                    new DeploymentOptions().setInstances(instances).setConfig(tree))
                .onSuccess(id -> {
                    deployments.push(id);
                    LOG.info("deployed {} x{}", family.name(), instances);
                })
                .mapEmpty());
        }
        return chain;
    }

    /**
     * Graceful stop: undeploy newest first (the HTTP edge stops accepting and drains, consumers
     * commit what they processed and close), then leave the cluster and close Vert.x.
     */
    public Future<Void> stop() {
        Future<Void> chain = Future.succeededFuture();
        while (!deployments.isEmpty()) {
            String id = deployments.pop();
            chain = chain.compose(v -> vertx.undeploy(id)
                .recover(e -> {
                    LOG.warn("undeploying {} failed: {}", id, e.toString());
                    return Future.succeededFuture();
                }));
        }
        // The tracer's last batch of spans is flushed once nothing can make more.
        return chain.eventually(vertx::close)
            .eventually(() -> tracing.map(MeridianNode::flushAndClose).orElse(Future.succeededFuture()));
    }

    private static Future<Void> flushAndClose(OpenTelemetrySdk sdk) {
        Promise<Void> closed = Promise.promise();
        sdk.shutdown().whenComplete(closed::complete);
        return closed.future();
    }
}
