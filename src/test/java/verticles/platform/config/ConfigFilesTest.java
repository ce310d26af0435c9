package verticles.platform.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import verticles.launcher.NodeKeys;
import verticles.simulator.SimulatorKeys;

@DisplayName("The configuration files")
class ConfigFilesTest {

    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    @DisplayName("merge a profile over the base file, key by key, and the environment over both")
    void profileOverridesBaseKeyByKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("meridian.yaml"), "http:\n  port: 9000\n  host: 10.1.1.1\nkafka:\n  partitions: 8\n");
        Files.writeString(dir.resolve("meridian-x.yaml"), "http:\n  port: 9001\n");
        MeridianConfig config = ConfigLoader.load(vertx, Map.of(
                "MERIDIAN_CONF_DIR", dir.toString(), "MERIDIAN_PROFILE", "x", "MERIDIAN_KAFKA_PARTITIONS", "9"))
            .await(10, TimeUnit.SECONDS);
        assertEquals(9001, config.get(Keys.HTTP_PORT));
        assertEquals("10.1.1.1", config.get(Keys.HTTP_HOST));
        assertEquals(9, config.get(Keys.KAFKA_PARTITIONS));
    }

    @Test
    @DisplayName("tell what the profile file itself sets from what the base file supplies")
    void tellProfileSettingsFromBaseDefaults(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("meridian.yaml"), "pg:\n  url: postgresql://base/db\n");
        Files.writeString(dir.resolve("meridian-dev.yaml"), "redis:\n  url: redis://mine:6379\n");
        MeridianConfig profileOnly = ConfigLoader.profileFileOnly(vertx, Map.of(
            "MERIDIAN_CONF_DIR", dir.toString(), "MERIDIAN_PROFILE", "dev")).await(10, TimeUnit.SECONDS);
        assertTrue(profileOnly.sets(Keys.REDIS_URL));
        assertEquals("redis://mine:6379", profileOnly.get(Keys.REDIS_URL));
        assertEquals(false, profileOnly.sets(Keys.PG_URL), "the base file's value is not the profile's choice");
    }

    @Test
    @DisplayName("refuse a profile that has no file, rather than silently run the base")
    void refuseUnknownProfile(@TempDir Path dir) {
        assertThrows(Exception.class, () -> ConfigLoader.load(vertx, Map.of(
            "MERIDIAN_CONF_DIR", dir.toString(), "MERIDIAN_PROFILE", "nope")).await(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("of every shipped profile load, and use only keys Meridian knows")
    void shippedProfilesAreValid() throws Exception {
        for (String profile : new String[] {"", "dev", "test", "cluster", "k8s"}) {
            MeridianConfig config = ConfigLoader.load(vertx, Map.of("MERIDIAN_PROFILE", profile))
                .await(10, TimeUnit.SECONDS);
            assertEquals(java.util.List.of(), config.unknownPaths(), "profile '" + profile + "'");
        }
        MeridianConfig dev = ConfigLoader.load(vertx, Map.of("MERIDIAN_PROFILE", "dev")).await(10, TimeUnit.SECONDS);
        assertEquals(1, dev.get(NodeKeys.COURIERS_INSTANCES), "the developer run has couriers on the road");
        assertEquals("demo-key", dev.get(SimulatorKeys.COURIERS_API_KEY));
        assertEquals(1, dev.get(NodeKeys.ORDER_SIMULATOR_INSTANCES), "orders placed by hand move on by themselves");
        MeridianConfig production = ConfigLoader.load(vertx, Map.of()).await(10, TimeUnit.SECONDS);
        assertEquals(false, production.get(Keys.SEED_DEMO_TENANTS), "production must never seed demo keys");
        assertEquals(0, production.get(NodeKeys.ORDER_SIMULATOR_INSTANCES));
        assertEquals(0, production.get(NodeKeys.COURIERS_INSTANCES), "production never simulates couriers");
    }
}
