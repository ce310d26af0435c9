package verticles.platform.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import verticles.launcher.NodeKeys;
import verticles.orders.OrderKeys;
import verticles.simulator.SimulatorKeys;

@DisplayName("Configuration")
class MeridianConfigTest {

    @Test
    @DisplayName("derives every environment name by one rule: MERIDIAN_ + path, dots and dashes as underscores")
    void derivesEnvironmentNames() {
        assertEquals("MERIDIAN_HTTP_PORT", Keys.HTTP_PORT.envName());
        assertEquals("MERIDIAN_OUTBOX_POLL_INTERVAL", Keys.OUTBOX_POLL_INTERVAL.envName());
        assertEquals("MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", NodeKeys.OUTBOX_RELAY_INSTANCES.envName());
    }

    @Test
    @DisplayName("answers each key's default when the files say nothing")
    void answersDefaults() {
        MeridianConfig config = MeridianConfig.withOverrides(new JsonObject(), Map.of());
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertEquals(key.defaultValue(), config.get(key), key.path());
        }
    }

    @Test
    @DisplayName("lets the environment override YAML values, with their types")
    void environmentOverridesYaml() {
        JsonObject yaml = new JsonObject()
            .put("http", new JsonObject().put("port", 9000))
            .put("cluster", new JsonObject().put("enabled", true).put("members", List.of("a")));
        MeridianConfig config = MeridianConfig.withOverrides(yaml, Map.of(
            "MERIDIAN_HTTP_PORT", "9100",
            "MERIDIAN_CLUSTER_ENABLED", "false",
            "MERIDIAN_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701",
            "MERIDIAN_SIMULATOR_INTERVAL", "750ms"));
        assertEquals(9100, config.get(Keys.HTTP_PORT));
        assertEquals(false, config.get(Keys.CLUSTER_ENABLED));
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), config.get(Keys.CLUSTER_MEMBERS));
        assertEquals(Duration.ofMillis(750), config.get(SimulatorKeys.SIMULATOR_INTERVAL));
    }

    @Test
    @DisplayName("reads YAML values of every type")
    void readsYamlTypes() {
        JsonObject yaml = new JsonObject()
            .put("verticles", new JsonObject().put("api", new JsonObject().put("instances", 4)))
            .put("cluster", new JsonObject().put("members", List.of("h1", "h2")))
            .put("cache", new JsonObject().put("order-ttl", "2h"));
        MeridianConfig config = MeridianConfig.withOverrides(yaml, Map.of());
        assertEquals(4, config.get(NodeKeys.API_INSTANCES));
        assertEquals(List.of("h1", "h2"), config.get(Keys.CLUSTER_MEMBERS));
        assertEquals(Duration.ofHours(2), config.get(OrderKeys.CACHE_ORDER_TTL));
    }

    @Test
    @DisplayName("refuses an unusable value at start-up, naming the key and its variable")
    void refusesUnusableValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MeridianConfig.withOverrides(new JsonObject(), Map.of("MERIDIAN_HTTP_PORT", "eighty")));
        assertTrue(e.getMessage().contains("http.port") && e.getMessage().contains("MERIDIAN_HTTP_PORT"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> MeridianConfig.withOverrides(new JsonObject(), Map.of("MERIDIAN_SHUTDOWN_TIMEOUT", "20")));
        assertThrows(IllegalArgumentException.class,
            () -> MeridianConfig.withOverrides(new JsonObject(), Map.of("MERIDIAN_CLUSTER_ENABLED", "maybe")));
    }

    @Test
    @DisplayName("still reads a renamed key by its former name, in YAML and the environment; the new name wins")
    void readsRenamedKeysByTheirFormerNames() {
        JsonObject oldYaml = new JsonObject().put("verticles", new JsonObject()
            .put("simulator", new JsonObject().put("instances", 2)));
        MeridianConfig fromYaml = MeridianConfig.withOverrides(oldYaml, Map.of());
        assertEquals(2, fromYaml.get(NodeKeys.ORDER_SIMULATOR_INSTANCES));
        assertEquals(List.of(), fromYaml.unknownPaths(), "the former name is not a typo");
        assertEquals(List.of("verticles.simulator.instances → verticles.order-simulator.instances"),
            fromYaml.formerNamesUsed());

        MeridianConfig fromEnv = MeridianConfig.withOverrides(new JsonObject(),
            Map.of("MERIDIAN_VERTICLES_SIMULATOR_INSTANCES", "3"));
        assertEquals(3, fromEnv.get(NodeKeys.ORDER_SIMULATOR_INSTANCES));

        JsonObject both = oldYaml.copy();
        both.getJsonObject("verticles").put("order-simulator", new JsonObject().put("instances", 5));
        assertEquals(5, MeridianConfig.withOverrides(both, Map.of()).get(NodeKeys.ORDER_SIMULATOR_INSTANCES));
        assertEquals(7, MeridianConfig.withOverrides(both, Map.of("MERIDIAN_VERTICLES_SIMULATOR_INSTANCES", "6",
            "MERIDIAN_VERTICLES_ORDER_SIMULATOR_INSTANCES", "7")).get(NodeKeys.ORDER_SIMULATOR_INSTANCES));
        assertEquals(6, MeridianConfig.withOverrides(both, Map.of("MERIDIAN_VERTICLES_SIMULATOR_INSTANCES", "6"))
            .get(NodeKeys.ORDER_SIMULATOR_INSTANCES), "an old variable still overrides YAML");
    }

    @Test
    @DisplayName("points out YAML keys it does not know (typos)")
    void pointsOutUnknownKeys() {
        JsonObject yaml = new JsonObject().put("http", new JsonObject().put("prot", 1).put("port", 2));
        assertEquals(List.of("http.prot"), MeridianConfig.withOverrides(yaml, Map.of()).unknownPaths());
    }

    @Test
    @DisplayName("writes durations back the way they are written in YAML")
    void formatsDurations() {
        assertEquals("250ms", ConfigKey.formatDuration(Duration.ofMillis(250)));
        assertEquals("2s", ConfigKey.formatDuration(Duration.ofSeconds(2)));
        assertEquals("1d", ConfigKey.formatDuration(Duration.ofDays(1)));
        assertEquals(Duration.ofMinutes(5), ConfigKey.parseDuration("5m"));
    }
}
