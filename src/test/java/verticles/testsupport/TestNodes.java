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
