package verticles.testsupport;

import verticles.dev.FreePorts;
import verticles.launcher.Meridian;
import verticles.launcher.MeridianNode;
import verticles.orders.OrderAddresses;
import verticles.platform.config.Keys;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts real Meridian nodes (test profile, real infrastructure, a free HTTP port) for a test. */
public final class TestNodes {

    private TestNodes() {
    }

    /**
     * @param overrides environment-style overrides on top of the test profile, for example
     *                  {@code Map.of("MERIDIAN_VERTICLES_ORDER_SIMULATOR_INSTANCES", "1")}
     */
    public static RunningNode start(RealInfrastructure.Infrastructure infra, Map<String, String> overrides)
        throws Exception {
        Map<String, String> env = new HashMap<>(infra.endpoints());
        env.put("MERIDIAN_PROFILE", "test");
        env.put(Keys.HTTP_PORT.envName(), String.valueOf(unusedHttpPort()));
        env.putAll(overrides);
        MeridianNode node = MeridianNode.start(Meridian.loadConfig(env)).await(120, TimeUnit.SECONDS);
        return new RunningNode(node);
    }

    /** HTTP ports this JVM's test nodes have had. */
    private static final java.util.Set<Integer> HTTP_PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A free port no earlier test node of this JVM listened on. The tests' HTTP clients pool
     * connections by origin; a new node on an old node's port could be handed a pooled connection
     * to the stopped one, and Java's client has been seen to wait on such a connection forever.
     */
    private static int unusedHttpPort() {
        int port;
        do {
            port = FreePorts.next();
        } while (!HTTP_PORTS.add(port));
        return port;
    }

    /**
     * Overrides that make nodes members of one new Hazelcast cluster on loopback, one map per
     * node (each with its own cluster port); add a node's other overrides to its map.
     */
    public static java.util.List<Map<String, String>> clusterOf(int nodes) {
        java.util.List<Integer> ports = new java.util.ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ports.add(FreePorts.next());
        }
        String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        String name = "meridian-it-" + java.util.UUID.randomUUID();
        return ports.stream().map(port -> (Map<String, String>) new HashMap<>(Map.of(
            "MERIDIAN_CLUSTER_ENABLED", "true", "MERIDIAN_CLUSTER_NAME", name,
            "MERIDIAN_CLUSTER_MEMBERS", members, "MERIDIAN_CLUSTER_PORT", String.valueOf(port)))).toList();
    }

    public static RunningNode start(RealInfrastructure.Infrastructure infra) throws Exception {
        return start(infra, Map.of());
    }

    /** A node and the base URL of its HTTP API; closing it stops the node gracefully. */
    public record RunningNode(MeridianNode node) implements AutoCloseable {
        public String baseUrl() {
            return "http://127.0.0.1:" + node.config().get(Keys.HTTP_PORT);
        }

        public Api api(String apiKey) {
            return new Api(baseUrl(), apiKey);
        }

        /**
         * Moves an order to CONFIRMED or REJECTED as the inventory saga does, over the event bus:
         * for tests that run without the saga (the API refuses those two statuses) and need an order
         * past PLACED. Answers the order as it now is.
         */
        public io.vertx.core.json.JsonObject settleAsTheSaga(String tenantId, String orderId, String status) {
            io.vertx.core.json.JsonObject command = new io.vertx.core.json.JsonObject().put("tenantId", tenantId)
                .put("orderId", orderId).put("status", status).put("cause", verticles.domain.order.OrderLifecycle.SAGA);
            try {
                return node.vertx().eventBus().<io.vertx.core.json.JsonObject>request(
                        OrderAddresses.ORDERS_TRANSITION, command)
                    .map(io.vertx.core.eventbus.Message::body).await(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the orders did not answer", e);
            }
        }

        @Override
        public void close() throws Exception {
            node.stop().await(30, TimeUnit.SECONDS);
        }
    }
}
