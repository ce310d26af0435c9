package verticles.push;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.Metrics;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.SseClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that read slower than events come: a raw socket with a small receive window that
 * stops reading, so the node's write queue for it really fills.
 */
@DisplayName("Server-Sent Event streams to slow clients")
class SlowClientIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int SHIPMENTS = 100;

    @Override
    protected Map<String, String> nodeOverrides() {
        // Small kernel buffers on both ends, so the node's own write queue fills after a few frames.
        return Map.of("MERIDIAN_HTTP_SEND_BUFFER_BYTES", "4096", "MERIDIAN_PUSH_WRITE_QUEUE_BYTES", "1024", "MERIDIAN_PUSH_SLOW_CLIENT_TIMEOUT", "15s",
            "MERIDIAN_PUSH_SLOW_CLIENT_MAX_PENDING", "100000");
    }

    /** Opens acme's feed and reads nothing; returns the socket (the response waits in its buffers). */
    private Socket slowFeed() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new InetSocketAddress("127.0.0.1", node.node().config().get(verticles.platform.config.Keys.HTTP_PORT)));
        socket.getOutputStream().write(("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + "Authorization: Bearer acme-key\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private List<String> acmeShipments() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SHIPMENTS; i++) {
            ids.add(acme.createShipment());
        }
        return ids;
    }

    /**
     * Moves every shipment once, in one batch, to latitude {@code lat}, and waits until the last
     * one shows it: each round then reaches the stream as events of its own rather than being
     * coalesced with the next one inside a single tracking batch.
     */
    private void round(List<String> ids, int lat, Instant at) {
        StringJoiner batch = new StringJoiner(",", "[", "]");
        ids.forEach(id -> batch.add(Api.batchItem(id, lat, 1, at)));
        Api.Response accepted = acme.post("/v1/locations", batch.toString());
        assertEquals(202, accepted.status(), accepted.toString());
        Eventually.await(DEADLINE, () -> acme.get("/v1/shipments/" + ids.get(ids.size() - 1)).json()
            .getJsonObject("position"), p -> p != null && p.getDouble("lat") == lat);
    }

    @Test
    @DisplayName("coalesce a slow client's positions to the newest per shipment, keep its checkpoints, keep the order")
    void coalesceForASlowReader() throws Exception {
        List<String> ids = acmeShipments();
        double coalescedBefore = Metrics.value(demo, "meridian_sse_coalesced_total");
        Instant start = Instant.now().minusSeconds(3_000).truncatedTo(ChronoUnit.MILLIS);
        int rounds = 12;
        try (Socket slow = slowFeed()) {
            Thread.sleep(500);
            for (int r = 1; r <= rounds; r++) {
                round(ids, r, start.plusSeconds(r));
                assertEquals(202, acme.post("/v1/shipments/" + ids.get(0) + "/checkpoints",
                    "{\"facility\": \"Hub " + r + "\", \"type\": \"SCANNED\", \"at\": \"" + start.plusSeconds(r) + "\"}")
                    .status());
            }
            Eventually.await(DEADLINE, () -> acme.get("/v1/shipments/" + ids.get(SHIPMENTS - 1)).json()
                .getJsonObject("position"), p -> p != null && p.getDouble("lat") == rounds);
            Eventually.await(DEADLINE, () -> Metrics.value(demo, "meridian_sse_coalesced_total"),
                n -> n > coalescedBefore);

            List<JsonObject> frames = readFrames(slow, Duration.ofSeconds(2));
            Map<String, Double> lastLat = new HashMap<>();
            List<String> facilities = new ArrayList<>();
            EventId previous = EventId.BEFORE_FIRST;
            for (JsonObject frame : frames) {
                if (frame.getString("id") == null || "snapshot".equals(frame.getString("event"))) {
                    continue;
                }
                EventId id = EventId.parse(frame.getString("id"));
                assertTrue(id.isAfter(previous), "ids only ever increase: " + previous + " then " + id);
                previous = id;
                JsonObject data = new JsonObject(frame.getString("data"));
                if ("location".equals(frame.getString("event"))) {
                    lastLat.put(data.getString("shipmentId"), data.getJsonObject("position").getDouble("lat"));
                } else if ("checkpoint".equals(frame.getString("event"))) {
                    facilities.add(data.getJsonObject("checkpoint").getString("facility"));
                }
            }
            for (String id : ids) {
                assertEquals(rounds, lastLat.get(id), "the newest position of " + id + " arrives");
            }
            assertEquals(rounds, facilities.size(), "every checkpoint is kept: " + facilities);
            assertEquals("Hub " + rounds, facilities.get(rounds - 1));
        }
    }

    /**
     * A client that reads promptly and resumes after more events than the write queue holds: the
     * catch-up writes a page of hundreds of frames at once, which fills the queue at once. It must
     * still get every missed event, since it is not slow; coalescing is for live events only.
     */
    @Test
    @DisplayName("resume with every missed event, even when the catch-up overfills the write queue")
    void catchUpNeverCoalesces() throws Exception {
        List<String> ids = acmeShipments();
        String lastSeen;
        try (SseClient leaving = SseClient.open(node.baseUrl(), "/v1/events", "acme-key", null)) {
            lastSeen = leaving.next("snapshot", DEADLINE).id();
        }
        Instant start = Instant.now().minusSeconds(4_000).truncatedTo(ChronoUnit.MILLIS);
        int rounds = 3;
        for (int r = 1; r <= rounds; r++) {
            round(ids, r, start.plusSeconds(r));
        }
        try (SseClient back = SseClient.open(node.baseUrl(), "/v1/events", "acme-key", lastSeen)) {
            Map<String, List<Double>> lats = new HashMap<>();
            EventId previous = EventId.parse(lastSeen);
            for (SseClient.Event event : back.until(Duration.ofSeconds(2))) {
                assertTrue(!"reset".equals(event.type()) && !"snapshot".equals(event.type()),
                    "a resume within the journal is not reset: " + event);
                EventId id = EventId.parse(event.id());
                assertTrue(id.isAfter(previous), "ids only ever increase: " + previous + " then " + id);
                previous = id;
                if ("location".equals(event.type())) {
                    lats.computeIfAbsent(event.json().getString("shipmentId"), k -> new ArrayList<>())
                        .add(event.json().getJsonObject("position").getDouble("lat"));
                }
            }
            for (String id : ids) {
                assertEquals(List.of(1.0, 2.0, 3.0), lats.get(id), "every position of " + id + " the client missed");
            }
        }
    }

    @Test
    @DisplayName("disconnect a client that stays slow past the limit, and count it")
    void disconnectAStuckClient() throws Exception {
        List<String> ids = acmeShipments();
        double before = Metrics.value(demo, "meridian_sse_slow_disconnects_total");
        Instant start = Instant.now().minusSeconds(2_000).truncatedTo(ChronoUnit.MILLIS);
        try (Socket stuck = slowFeed()) {
            Thread.sleep(500);
            for (int r = 1; r <= 12; r++) {
                round(ids, r, start.plusSeconds(r));
            }
            Eventually.await(Duration.ofSeconds(60), () -> Metrics.value(demo, "meridian_sse_slow_disconnects_total"),
                n -> n > before);
            assertTrue(endsWithin(stuck, Duration.ofSeconds(10)), "the node closed the connection");
        }
    }

    /** Reads the HTTP response's body as SSE frames until nothing arrives for {@code quiet}. */
    private static List<JsonObject> readFrames(Socket socket, Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[65_536];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                raw.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // quiet: everything sent so far has been read
        }
        String text = raw.toString(StandardCharsets.UTF_8);
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);
        List<JsonObject> frames = new ArrayList<>();
        JsonObject current = new JsonObject();
        for (String line : dechunk(body).split("\n", -1)) {
            if (line.isEmpty()) {
                if (current.containsKey("data")) {
                    frames.add(current);
                }
                current = new JsonObject();
            } else if (line.startsWith("id: ")) {
                current.put("id", line.substring(4));
            } else if (line.startsWith("event: ")) {
                current.put("event", line.substring(7));
            } else if (line.startsWith("data: ")) {
                current.put("data", line.substring(6));
            }
        }
        return frames;
    }

    /** The payload of a chunked HTTP/1.1 body (hex size line, bytes, CRLF, repeated). */
    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0 || lineEnd + 2 + size > body.length()) {
                out.append(body, Math.min(lineEnd + 2, body.length()), Math.min(lineEnd + 2 + size, body.length()));
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private static boolean endsWithin(Socket socket, Duration deadline) throws IOException {
        socket.setSoTimeout((int) deadline.toMillis());
        byte[] chunk = new byte[65_536];
        try {
            while (socket.getInputStream().read(chunk) >= 0) {
                // drain what was sent before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
