package verticles.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;
import io.vertx.sqlclient.Pool;
import io.micrometer.core.instrument.MeterRegistry;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.DatabaseProbe;
import verticles.platform.health.DependencyGauge;
import verticles.platform.health.EventLoopWatchdog;
import verticles.platform.health.Readiness;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health/live}: 200 while every event loop turns, 503 once one has been stuck for
 * {@code health.wedged-after} (only a restart cures that). {@code /health/ready}: each dependency
 * checked and reported; 503 only when the pod itself cannot serve (out of its cluster), 200
 * {@code DEGRADED} when a store every pod shares is down ({@link Readiness}). The checks also run
 * every {@code health.probe-interval} for {@code meridian_dependency_up}. Neither needs a key.
 */
final class HealthRoutes {

    private final Vertx vertx;
    private final Pool pool;
    private final Redis redis;
    private final KafkaAdminClient kafka;
    private final MeterRegistry registry;
    private final EventLoopWatchdog watchdog;
    private final boolean clusterExpected;
    private final long timeoutMs;
    private final Duration wedgedAfter;

    HealthRoutes(Vertx vertx, Pool pool, Redis redis, KafkaAdminClient kafka, MeridianConfig config,
                 MeterRegistry registry) {
        this.vertx = vertx;
        this.pool = pool;
        this.redis = redis;
        this.kafka = kafka;
        this.registry = registry;
        this.watchdog = EventLoopWatchdog.forNode(vertx);
        this.clusterExpected = config.get(Keys.CLUSTER_ENABLED);
        this.timeoutMs = config.get(Keys.HEALTH_TIMEOUT).toMillis();
        this.wedgedAfter = config.get(Keys.HEALTH_WEDGED_AFTER);
        long probeMs = config.get(Keys.HEALTH_PROBE_INTERVAL).toMillis();
        check();
        vertx.setPeriodic(probeMs, probeMs, id -> check());
    }

    void mount(Router router) {
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
    }

    private void live(RoutingContext rc) {
        Duration stall = watchdog.longestStall();
        boolean wedged = stall.compareTo(wedgedAfter) > 0;
        JsonObject body = new JsonObject().put("status", wedged ? "DOWN" : "UP").put("eventLoops", watchdog.loops());
        if (wedged) {
            body.put("error", "an event loop has not turned for " + stall.toMillis() + " ms");
        }
        json(rc, wedged ? 503 : 200, body);
    }

    private void ready(RoutingContext rc) {
        check().onComplete(done -> {
            JsonObject checks = done.result();
            Readiness.Status status = Readiness.judge(checks);
            json(rc, Readiness.httpStatus(status), new JsonObject().put("status", status.name()).put("checks", checks));
        });
    }

    /** Runs every check at once, each bounded by {@code health.timeout}; never fails. */
    private Future<JsonObject> check() {
        Map<String, Supplier<Future<JsonObject>>> checks = new LinkedHashMap<>();
        checks.put("postgres", () -> DatabaseProbe.ping(pool).map(r -> up()));
        checks.put("redis", () -> redis.send(Request.cmd(Command.PING)).map(r -> up()));
        checks.put("kafka", () -> kafka.describeCluster()
            .map(c -> up().put("brokers", c.getNodes().size())));
        checks.put("cluster", this::cluster);

        JsonObject results = new JsonObject();
        List<Future<JsonObject>> running = checks.entrySet().stream()
            .map(e -> e.getValue().get()
                .timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .otherwise(err -> down(e.getKey(), String.valueOf(err.getMessage())))
                .onSuccess(result -> {
                    results.put(e.getKey(), result);
                    if (Readiness.isShared(e.getKey())) {
                        DependencyGauge.record(registry, e.getKey(), "UP".equals(result.getString("status")));
                    }
                }))
            .toList();
        return Future.join(running).transform(done -> Future.succeededFuture(results));
    }

    private static JsonObject down(String check, String error) {
        JsonObject result = new JsonObject().put("status", "DOWN").put("error", error);
        return Readiness.isShared(check) ? result.put("effect", Readiness.effectOfLosing(check)) : result;
    }

    private Future<JsonObject> cluster() {
        if (!vertx.isClustered()) {
            return Future.succeededFuture(clusterExpected
                ? new JsonObject().put("status", "DOWN").put("error", "node is not clustered")
                : up().put("mode", "standalone"));
        }
        // Vert.x keeps its cluster manager behind the internal API; reading it is the only way to
        // tell whether Hazelcast still counts this node as a member.
        ClusterManager manager = ((VertxInternal) vertx).clusterManager();
        return Future.succeededFuture(manager.isActive()
            ? up().put("mode", "clustered").put("members", manager.getNodes().size())
            : new JsonObject().put("status", "DOWN").put("error", "left the cluster"));
    }

    /** {@code meridian_cluster_members}: the members this node sees (1 when standalone), for the dashboard and alerts. */
    static void registerClusterGauge(Vertx vertx, io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("meridian.cluster.members", vertx, v -> {
            if (!v.isClustered()) {
                return 1;
            }
            ClusterManager manager = ((VertxInternal) v).clusterManager();
            return manager.isActive() ? manager.getNodes().size() : 0;
        }).description("cluster members this node sees (1 when standalone, 0 once it left)").register(registry);
    }

    private static JsonObject up() {
        return new JsonObject().put("status", "UP");
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
