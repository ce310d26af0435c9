package verticles.testsupport;

import verticles.dev.FreePorts;
import verticles.launcher.Meridian;
import verticles.launcher.MeridianNode;
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
     *                  {@code Map.of("MERIDIAN_VERTICLES_SIMULATOR_INSTANCES", "1")}
     */
    public static RunningNode start(RealInfrastructure.Infrastructure infra, Map<String, String> overrides)
        throws Exception {
        Map<String, String> env = new HashMap<>(infra.endpoints());
        env.put("MERIDIAN_PROFILE", "test");
        env.put(Keys.HTTP_PORT.envName(), String.valueOf(FreePorts.next()));
        env.putAll(overrides);
        MeridianNode node = MeridianNode.start(Meridian.loadConfig(env)).await(120, TimeUnit.SECONDS);
        return new RunningNode(node);
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

        @Override
        public void close() throws Exception {
            node.stop().await(30, TimeUnit.SECONDS);
        }
    }
}
