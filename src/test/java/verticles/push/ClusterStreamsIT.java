package verticles.push;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.JarProcess;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.SseClient;
import verticles.testsupport.TestNodes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three clustered nodes, each a separate JVM running the production jar, sharing Kafka, Redis
 * and PostgreSQL: live events cross the Hazelcast event bus, and a client of a node killed with
 * SIGKILL resumes on another node without a gap.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Streams across a cluster of three JVMs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterStreamsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final List<JarProcess> nodes = new ArrayList<>();

    @BeforeAll
    void startThreeNodes(Infrastructure infra) throws Exception {
        for (Map<String, String> member : TestNodes.clusterOf(3)) {
            nodes.add(JarProcess.start(infra, member));
        }
        for (JarProcess node : nodes) {
            node.awaitReady(Duration.ofSeconds(120));
        }
        for (JarProcess node : nodes) {
            Eventually.await(DEADLINE, () -> api(node, null).get("/health/ready").json()
                .getJsonObject("checks").getJsonObject("cluster").getInteger("members"), n -> n == 3);
        }
    }

    @AfterAll
    void stopNodes() throws Exception {
        for (JarProcess node : nodes) {
            node.close();
        }
    }

    private static Api api(JarProcess node, String key) {
        return new Api(base(node), key);
    }

    private static String base(JarProcess node) {
        return "http://127.0.0.1:" + node.httpPort();
    }

    /** Posts a fix to a node and waits until that node shows it, so each fix is an event of its own. */
    private static void move(Api api, String shipmentId, double lat, Instant at) {
        assertEquals(202, api.postFix(shipmentId, lat, 1, at).status());
        Eventually.await(DEADLINE, () -> api.get("/v1/shipments/" + shipmentId).json().getJsonObject("position"),
            p -> p != null && at.toString().equals(p.getString("recordedAt")));
    }

    private interface Fault {
        void cause() throws Exception;
    }

    /**
     * Runs {@code fault} while reads go on at the survivors from 8 threads for 3 s: some are on
     * their way to the dying node's consumers. Each read, as "status took-ms".
     */
    private static List<String> readWhile(Fault fault, List<Api> survivors) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                Api on = survivors.get(t % survivors.size());
                results.add(readers.submit(() -> {
                    List<String> reads = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        int status = on.get("/v1/orders?limit=1").status();
                        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
                        reads.add((tookMs < 5_000 ? status : "slow " + status) + " " + tookMs + " ms");
                    }
                    return reads;
                }));
            }
            Thread.sleep(200);
            fault.cause();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> result : results) {
                all.addAll(result.get(30, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            readers.shutdownNow();
        }
    }

    private static String recordedAt(SseClient.Event event) {
        return event.json().getJsonObject("position").getString("recordedAt");
    }

    @Test
    @Order(1)
    @DisplayName("end a revoked key's streams on every node within 5 s, while another key's go on")
    void revocationReachesEveryNode() {
        Api admin = api(nodes.get(0), "admin-key");
        io.vertx.core.json.JsonObject tenant = admin.post("/v1/admin/tenants", "{\"name\": \"Revoked everywhere\"}").json();
        String key = tenant.getString("apiKey");
        try (SseClient onB = SseClient.open(base(nodes.get(1)), "/v1/events", key, null);
             SseClient onC = SseClient.open(base(nodes.get(2)), "/v1/events", key, null);
             SseClient otherOnB = SseClient.open(base(nodes.get(1)), "/v1/events", "demo-key", null)) {
            for (SseClient stream : List.of(onB, onC, otherOnB)) {
                assertEquals("snapshot", stream.next(Duration.ofSeconds(10)).type());
            }
            Api.Response revoked = admin.send("DELETE", "/v1/admin/tenants/" + tenant.getString("id") + "/keys/"
                + tenant.getString("keyPrefix"), null, null);
            assertEquals(200, revoked.status(), revoked.toString());
            Instant at = Instant.now();
            Eventually.await(Duration.ofSeconds(5), () -> onB.ended() && onC.ended(), ended -> ended);
            assertTrue(Duration.between(at, Instant.now()).toMillis() < 5_000);
            assertTrue(!otherOnB.ended(), "another key's stream goes on");
        }
    }

    @Test
    @Order(2) // it kills and stops nodes
    @DisplayName("deliver updates posted to A to clients on B and C; resume on C after B is killed, on A after C stops")
    void pushAcrossNodesAndResumeAfterKill() throws Exception {
        JarProcess a = nodes.get(0);
        JarProcess b = nodes.get(1);
        JarProcess c = nodes.get(2);
        Api onA = api(a, "demo-key");
        String id = onA.createShipmentGoingNowhere();
        String path = "/v1/shipments/" + id + "/events";
        Instant start = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.MILLIS);

        try (SseClient onB = SseClient.open(base(b), path, "demo-key", null);
             SseClient onC = SseClient.open(base(c), path, "demo-key", null)) {
            assertEquals("snapshot", onB.next(DEADLINE).type());
            assertEquals("snapshot", onC.next(DEADLINE).type());

            move(onA, id, 1, start);
            move(onA, id, 2, start.plusSeconds(1));
            List<SseClient.Event> seenOnB = List.of(onB.next(DEADLINE), onB.next(DEADLINE));
            List<SseClient.Event> seenOnC = new ArrayList<>(List.of(onC.next(DEADLINE), onC.next(DEADLINE)));
            assertEquals(start.toString(), recordedAt(seenOnB.get(0)));
            assertEquals(start.plusSeconds(1).toString(), recordedAt(seenOnB.get(1)));
            assertEquals(seenOnB, seenOnC, "both nodes send the same events with the same ids");

            List<String> readsWhileBDies = readWhile(b::kill, List.of(api(a, "demo-key"), api(c, "demo-key")));
            assertEquals(List.of(), readsWhileBDies.stream().filter(r -> !r.startsWith("200 ")).toList(),
                "every read asked as B died is answered, and soon");
            for (int i = 2; i < 5; i++) {
                move(onA, id, 1 + i, start.plusSeconds(i));
                seenOnC.add(onC.next(DEADLINE));
            }
            assertEquals(start.plusSeconds(4).toString(), recordedAt(seenOnC.get(4)));

            String lastOnC;
            try (SseClient resumed = SseClient.open(base(c), path, "demo-key", seenOnB.get(1).id())) {
                List<SseClient.Event> missed = List.of(resumed.next(DEADLINE), resumed.next(DEADLINE),
                    resumed.next(DEADLINE));
                assertEquals(seenOnC.subList(2, 5), missed, "exactly the events B's client missed, in order");
                assertNull(resumed.poll(Duration.ofSeconds(1)), "and nothing twice");
                lastOnC = missed.get(2).id();

                // C is stopped as an orchestrator stops a pod: its streams end, its clients move to A.
                assertTrue(c.terminate(Duration.ofSeconds(30)), "C stops within its shutdown timeout");
                Eventually.await(DEADLINE, resumed::ended, ended -> ended);
            }
            move(onA, id, 6, start.plusSeconds(5));
            try (SseClient movedToA = SseClient.open(base(a), path, "demo-key", lastOnC)) {
                SseClient.Event next = movedToA.next(DEADLINE);
                assertEquals(start.plusSeconds(5).toString(), recordedAt(next), "the one event since C stopped");
                assertNull(movedToA.poll(Duration.ofSeconds(1)), "and nothing else");
            }
        }
    }
}
