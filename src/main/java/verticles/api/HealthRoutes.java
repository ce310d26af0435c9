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
import verticles.platform.db.DatabaseProbe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health/live}: the process answers, so its event loop turns. {@code /health/ready}:
 * Kafka, Redis and PostgreSQL answer and the cluster is joined; 503 while any is not, so a load
 * balancer sends traffic elsewhere. Neither needs a key.
 */
final class HealthRoutes {

    private final Vertx vertx;
    private final Pool pool;
    private final Redis redis;
    private final KafkaAdminClient kafka;
    private final boolean clusterExpected;
    private final long timeoutMs;

    HealthRoutes(Vertx vertx, Pool pool, Redis redis, KafkaAdminClient kafka, boolean clusterExpected,
                 Duration timeout) {
        this.vertx = vertx;
        this.pool = pool;
        this.redis = redis;
        this.kafka = kafka;
        this.clusterExpected = clusterExpected;
        this.timeoutMs = timeout.toMillis();
    }

    void mount(Router router) {
        router.get("/health/live").handler(rc -> json(rc, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
    }

    private void ready(RoutingContext rc) {
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
                .otherwise(err -> new JsonObject().put("status", "DOWN").put("error", String.valueOf(err.getMessage())))
                .onSuccess(result -> results.put(e.getKey(), result)))
            .toList();
        Future.join(running).onComplete(done -> {
            boolean allUp = results.stream().allMatch(e -> "UP".equals(((JsonObject) e.getValue()).getString("status")));
            json(rc, allUp ? 200 : 503, new JsonObject().put("status", allUp ? "UP" : "DOWN").put("checks", results));
        });
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
