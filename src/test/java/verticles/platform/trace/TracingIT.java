package verticles.platform.trace;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.OneNodeIT;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracing on: the node exports spans over OTLP/HTTP to a collector, here a small HTTP server
 * that keeps what it receives. The export is protobuf; a span's trace id is in it as 16 raw
 * bytes, which is what the assertions look for.
 */
@DisplayName("Tracing, when an OTLP endpoint is configured")
class TracingIT extends OneNodeIT {

    private final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private final HttpServer collector = startCollector();

    @Override
    protected Map<String, String> nodeOverrides() {
        return Map.of(
            "MERIDIAN_TRACING_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces",
            "MERIDIAN_TRACING_SAMPLE_PERCENT", "100",
            "MERIDIAN_TRACING_SERVICE_NAME", "meridian-tracing-it");
    }

    @AfterAll
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    @DisplayName("exports the spans of a request under the caller's trace id, named by the service")
    void exportsUnderTheCallersTrace() {
        String shipmentId = demo.createShipment();
        String traceId = demo.postFixUnderFreshTrace(shipmentId);

        Eventually.await(Duration.ofSeconds(20), () -> exported(traceId), found -> found);
        assertTrue(exports.stream().anyMatch(body -> contains(body, "meridian-tracing-it".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    @DisplayName("makes the trace id the correlation id of a request that came without one")
    void traceIdIsTheCorrelationId() {
        Api.Response listed = demo.get("/v1/orders");
        assertEquals(200, listed.status());
        String correlationId = listed.header("X-Request-Id");
        Eventually.await(Duration.ofSeconds(20), () -> exported(correlationId), found -> found);
    }

    private boolean exported(String traceId) {
        byte[] raw = HexFormat.of().parseHex(traceId);
        return exports.stream().anyMatch(body -> contains(body, raw));
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private HttpServer startCollector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    in.transferTo(body);
                    exports.add(body.toByteArray());
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
