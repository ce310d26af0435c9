package verticles.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.domain.webhook.Signature;
import verticles.testsupport.Api;
import verticles.testsupport.LabCluster;
import verticles.testsupport.NetworkLab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A merchant's webhook receiver on the internet, as the lab's hosts reach it: at
 * {@link #ADDRESS} on port 80, which the policy's egress allows, on a public host of the lab's
 * ({@link NetworkLab#publicHost}) that forwards to this test's server. It subscribes the
 * demo tenant to its order events, answers every delivery 200 at once, and keeps each one's
 * {@code webhook-id} (the event id, the same on every retry) and when it came, so a test can say
 * which events never arrived and which came more than once, and when. A delivery whose
 * signature does not verify is counted and not kept.
 */
final class LabReceiver implements AutoCloseable {

    /**
     * One delivery as it arrived: its event id, the receiver's {@link System#nanoTime()} then, and
     * when the sender signed it ({@code webhook-timestamp}, epoch seconds), which is when it sent it.
     */
    record Delivery(String eventId, long atNanos, long signedAtSecond) {
    }

    /** Outside every special-purpose range, as a receiver on the internet is; the lab's own host has it. */
    static final String ADDRESS = "11.77.0.80";
    private static final List<String> ORDER_EVENTS = List.of("order.placed", "order.status-changed", "order.arriving");

    private final LabCluster cluster;
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final AtomicLong badSignatures = new AtomicLong();
    private volatile String webhookId;
    // Set once subscribed; read by the server's threads.
    private volatile String secret;

    private LabReceiver(LabCluster cluster, HttpServer server) {
        this.cluster = cluster;
        this.server = server;
    }

    /** Listens, then subscribes the demo tenant (through host 1) to every order event type. */
    static LabReceiver start(LabCluster cluster) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(NetworkLab.GATEWAY, 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        LabReceiver receiver = new LabReceiver(cluster, server);
        server.createContext("/", receiver::receive);
        server.start();
        try {
            cluster.lab().publicHost(ADDRESS, 80, server.getAddress().getPort());
        } catch (IOException | InterruptedException | RuntimeException e) {
            receiver.close();
            throw new IllegalStateException("the lab's public host did not start", e);
        }
        JsonObject body = new JsonObject().put("url", "http://" + ADDRESS + "/hooks")
            .put("events", new JsonArray(ORDER_EVENTS));
        Api.Response created = cluster.api(1, "demo-key").post("/v1/webhooks", body.encode());
        if (created.status() != 201) {
            receiver.close();
            throw new IllegalStateException("subscribing the lab's receiver: " + created);
        }
        receiver.webhookId = created.json().getString("id");
        receiver.secret = created.json().getString("secret");
        return receiver;
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        long at = System.nanoTime();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        String key = secret;
        if (id != null && timestamp != null && key != null && signature != null
            && signature.equals(Signature.sign(key, id, Long.parseLong(timestamp), body))) {
            deliveries.add(new Delivery(id, at, Long.parseLong(timestamp)));
        } else {
            badSignatures.incrementAndGet();
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** The event ids among {@code expected} that have not arrived (yet). */
    List<String> missing(Collection<String> expected) {
        TreeSet<String> arrived = new TreeSet<>();
        deliveries.forEach(d -> arrived.add(d.eventId()));
        return expected.stream().filter(id -> !arrived.contains(id)).sorted().toList();
    }

    /**
     * Every event that arrived more than once, with when its first copy was sent (epoch seconds,
     * from its signature's timestamp). The first sent, not the first to arrive: a copy sent just
     * before a link went down can arrive after it came back, when TCP retransmits it.
     */
    Map<String, Long> repeated() {
        Map<String, Long> firstSent = new LinkedHashMap<>();
        Map<String, Integer> copies = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            firstSent.merge(delivery.eventId(), delivery.signedAtSecond(), Math::min);
            copies.merge(delivery.eventId(), 1, Integer::sum);
        }
        Map<String, Long> repeated = new LinkedHashMap<>();
        copies.forEach((id, n) -> {
            if (n > 1) {
                repeated.put(id, firstSent.get(id));
            }
        });
        return repeated;
    }

    /** Every copy of {@code eventId} that arrived, in arrival order. */
    List<Delivery> arrivalsOf(String eventId) {
        return deliveries.stream().filter(d -> d.eventId().equals(eventId)).toList();
    }

    long received() {
        return deliveries.size();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    /**
     * Unsubscribes (the database outlives the test, and later tests' orders must not queue
     * deliveries to a receiver that is gone) through whichever host answers, then stops.
     */
    @Override
    public void close() {
        for (int host = 1; webhookId != null && host <= 3; host++) {
            try {
                if (cluster.api(host, "demo-key").send("DELETE", "/v1/webhooks/" + webhookId, null, null).status() == 204) {
                    break;
                }
            } catch (RuntimeException notAnswering) {
                // the next host, then
            }
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
