package verticles;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.dev.FreePorts;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import verticles.testsupport.JarProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(RealInfrastructure.class)
@DisplayName("The production jar")
class ProductionJarIT {

    private static final Path JAR = Path.of("target", "meridian.jar");

    @Test
    @DisplayName("holds no embedded server, so it can never start one")
    void holdsNoEmbeddedServers() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertNull(jar.getEntry("kafka/server/KafkaRaftServer.class"));
            assertNull(jar.getEntry("io/zonky/test/db/postgres/embedded/EmbeddedPostgres.class"));
            assertNull(jar.getEntry("redis/embedded/RedisServer.class"));
            assertTrue(jar.getEntry("verticles/launcher/Meridian.class") != null);
        }
    }

    @Test
    @DisplayName("runs clustered against real infrastructure, and stops gracefully on SIGTERM")
    void runsAndStopsOnSigterm(Infrastructure infra) throws Exception {
        try (JarProcess node = JarProcess.start(infra, Map.of(
                "MERIDIAN_CLUSTER_ENABLED", "true",
                "MERIDIAN_CLUSTER_NAME", "meridian-jar-it-" + UUID.randomUUID(),
                "MERIDIAN_CLUSTER_PORT", String.valueOf(FreePorts.next())))) {
            Api api = new Api("http://127.0.0.1:" + node.httpPort(), "demo-key");
            Eventually.await(Duration.ofSeconds(90), () -> readyStatus(api), s -> s == 200);
            String requestId = "jar-it-" + UUID.randomUUID();
            assertEquals(201, api.withHeader("X-Request-Id", requestId).createOrder().status());
            // The notifier's line about the order arrives through the outbox and Kafka.
            Eventually.await(Duration.ofSeconds(30), () -> outputOf(node).contains(requestId), found -> found);

            assertTrue(node.terminate(Duration.ofSeconds(30)), "the node stopped within 30 s of SIGTERM");
            String output = node.output();
            // The production jar logs one JSON object a line, for log shippers.
            java.util.List<io.vertx.core.json.JsonObject> lines = output.lines().filter(l -> l.startsWith("{"))
                .map(io.vertx.core.json.JsonObject::new).toList();
            assertTrue(lines.stream().anyMatch(l -> "INFO".equals(l.getString("level"))
                && l.getString("formattedMessage", "").contains("stopping: draining requests")), output);
            assertTrue(lines.stream().anyMatch(l -> "stopped".equals(l.getString("formattedMessage"))), output);
            assertTrue(lines.stream().allMatch(l -> l.containsKey("timestamp") && l.containsKey("loggerName")), output);
            // ...and a consumer's line carries the request's correlation id as a field of its own.
            assertTrue(lines.stream().anyMatch(l -> "meridian.notifications".equals(l.getString("loggerName"))
                && String.valueOf(l.getValue("kvpList")).contains("\"correlationId\":\"" + requestId + "\"")), output);
        }
    }

    private static String outputOf(JarProcess node) {
        try {
            return node.output();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int readyStatus(Api api) {
        try {
            return api.get("/health/ready").status();
        } catch (IllegalStateException notListeningYet) {
            return -1;
        }
    }
}
