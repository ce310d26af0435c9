package verticles.api.adversarial;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.LogCapture;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.SseClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of hostile requests generated from {@code openapi/meridian.yaml} (see
 * {@link CaseGenerator}), sent over raw sockets to one node with the saga on. Every answer must
 * come (no dropped connection), none may be a 5xx, and every request that breaks a rule (a
 * control character or lone surrogate in stored text, a value of the wrong JSON type, a missing
 * or unknown field) must be refused with a 4xx. Afterwards the pipeline must still work end to
 * end, and the node's log must hold no ERROR with a stack trace: a 500 means a bug.
 *
 * <p>A failure prints each failing case's name and the request, byte for byte. The cases are the
 * same on every run; {@code -Dadversarial.only=<part of a case name>} runs only the matching ones.
 */
@DisplayName("Generated hostile input")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedHostileInputIT extends OneNodeIT {

    private static final AtomicInteger SENT = new AtomicInteger();

    private LogCapture log;
    private com.sun.net.httpserver.HttpServer receiver;
    private Fixtures fixtures;
    private Api adversary;
    private Api admin;
    private String ownTenant;

    @Override
    protected Map<String, String> nodeOverrides() {
        Map<String, String> overrides = new HashMap<>(WITH_SAGA);
        overrides.put("MERIDIAN_WEBHOOKS_ALLOW_LOOPBACK", "true");
        overrides.put("MERIDIAN_RATELIMIT_PER_SECOND", "100000");
        overrides.put("MERIDIAN_RATELIMIT_BURST", "100000");
        return overrides;
    }

    @BeforeAll
    void fixtures() throws Exception {
        log = LogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME);
        receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        admin = node.api("admin-key");
        // The suite's own tenant sends the requests; admin routes aim at another one, so that a generated
        // rate limit or revocation never throttles or locks out the suite itself.
        JsonObject own = admin.post("/v1/admin/tenants", "{\"name\": \"Adversary\"}").json();
        JsonObject victim = admin.post("/v1/admin/tenants", "{\"name\": \"Victim\"}").json();
        String spare = admin.post("/v1/admin/tenants/" + victim.getString("id") + "/keys", "").json().getString("keyPrefix");
        adversary = node.api(own.getString("apiKey"));
        String order = adversary.createOrder().json().getString("id");
        String shipment = adversary.createShipment();
        String webhook = adversary.post("/v1/webhooks", "{\"url\": \"" + hook + "\", \"events\": [\"order.placed\"]}")
            .json().getString("id");
        ownTenant = own.getString("id");
        fixtures = new Fixtures(victim.getString("id"), own.getString("apiKey"), spare, "admin-key", order, shipment,
            webhook, 1, hook);
    }

    @AfterAll
    void removeWebhooks() {
        // Webhooks left subscribed would queue deliveries to a closed port for the classes after this one.
        adversary.get("/v1/webhooks").json().getJsonArray("items").forEach(w ->
            adversary.send("DELETE", "/v1/webhooks/" + ((JsonObject) w).getString("id"), null, null));
        receiver.stop(0);
        log.close();
    }

    @Test
    @Order(0)
    @DisplayName("the generator derives about 9,700 requests from the contract, for every one of its operations")
    void generatorCoversTheContract() throws Exception {
        ContractModel contract = ContractModel.load();
        CaseGenerator generator = new CaseGenerator(contract, fixtures);
        int total = 0;
        for (ContractModel.Operation op : contract.operations()) {
            List<Case> cases = generator.cases(op);
            assertTrue(cases.size() >= 40, op + " has only " + cases.size() + " cases");
            total += cases.size();
        }
        assertEquals(47, contract.operations().size(), "operations in the contract");
        assertTrue(total >= 9_000, "only " + total + " cases");
    }

    @TestFactory
    @Order(1)
    @DisplayName("every operation's generated requests are answered, never 5xx, and refused where they break a rule")
    Stream<DynamicTest> everyGeneratedRequest() throws Exception {
        ContractModel contract = ContractModel.load();
        CaseGenerator generator = new CaseGenerator(contract, fixtures);
        URI base = URI.create(node.baseUrl());
        RawHttp http = new RawHttp(base.getHost(), base.getPort());
        String only = System.getProperty("adversarial.only", "");
        return contract.operations().stream().map(op -> DynamicTest.dynamicTest(op.toString(), () -> {
            List<String> failures = new ArrayList<>();
            int run = 0;
            for (Case c : generator.cases(op)) {
                if (!c.name().contains(only)) {
                    continue;
                }
                run++;
                RawHttp.Answer answer = http.send(c.request());
                SENT.incrementAndGet();
                String fault = fault(c, answer);
                if (fault != null) {
                    failures.add(c.name() + "\n  → " + fault + "\n  " + c.request().describe());
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " of " + run + " cases failed for " + op + ":\n"
                + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
        }));
    }

    /** What is wrong with the answer to a case, or null. */
    private static String fault(Case c, RawHttp.Answer answer) {
        if (answer.dropped() != null) {
            return "no answer: " + answer.dropped();
        }
        if (answer.status() >= 500) {
            return "answered " + answer;
        }
        if (c.mustRefuse() && answer.status() < 400) {
            return "accepted a request that breaks a rule: " + answer;
        }
        if (answer.status() >= 400 && (answer.body().contains("Exception") || answer.body().contains("\tat "))) {
            return "the answer shows internals: " + answer;
        }
        return null;
    }

    @Test
    @Order(2)
    @DisplayName("afterwards the node is ready, positions move, the saga confirms orders and the feed carries events")
    void pipelineStillWorks() throws Exception {
        assertTrue(System.getProperty("adversarial.only", "").isEmpty() || SENT.get() > 0);
        Api.Response ready = demo.get("/health/ready");
        assertEquals("UP", ready.json().getString("status"), "ready with every check up: " + ready);
        try (SseClient feed = SseClient.open(node.baseUrl(), "/v1/events", "demo-key", null)) {
            assertEquals(200, feed.status());
            String shipment = demo.createShipment();
            Instant at = Instant.now();
            assertEquals(202, demo.postFix(shipment, 47.1, 8.2, at).status());
            JsonObject position = Eventually.await(Duration.ofSeconds(20),
                () -> demo.get("/v1/shipments/" + shipment).json().getJsonObject("position"), p -> p != null);
            assertEquals(47.1, position.getDouble("lat"));

            String order = demo.createOrder().json().getString("id");
            String status = Eventually.await(Duration.ofSeconds(20),
                () -> demo.get("/v1/orders/" + order).json().getString("status"), "CONFIRMED"::equals);
            assertEquals("CONFIRMED", status);

            boolean sawFix = false;
            boolean sawOrder = false;
            Instant deadline = Instant.now().plusSeconds(20);
            while (!(sawFix && sawOrder) && Instant.now().isBefore(deadline)) {
                SseClient.Event event = feed.next(Duration.ofSeconds(20));
                assertNotNull(event, "the tenant feed went quiet");
                sawFix |= event.data().contains(shipment) && "location".equals(event.type());
                sawOrder |= event.data().contains(order);
            }
            assertTrue(sawFix && sawOrder, "the feed carried the new fix (" + sawFix + ") and the new order (" + sawOrder + ")");
        }
    }

    @Test
    @Order(3)
    @DisplayName("nothing the suite got accepted failed later: no record of its tenant became a dead letter")
    void nothingAcceptedFailedLater() throws Exception {
        // The pipeline check above drove fresh records through every consumer; give a poison record of the
        // suite's, had there been one, the time a consumer takes to narrow a batch down to it.
        long letters = 0;
        for (int i = 0; i < 10 && letters == 0; i++) {
            letters = db.count("SELECT count(*) FROM dead_letters WHERE tenant_id = $1", ownTenant);
            Thread.sleep(500);
        }
        assertEquals(0, letters, db.rows("SELECT consumer, error, left(record_value, 300) FROM dead_letters "
            + "WHERE tenant_id = $1 LIMIT 5", ownTenant).stream().map(java.util.Arrays::toString).toList().toString());
    }

    @Test
    @Order(4)
    @DisplayName("no input made the node log an ERROR with a stack trace")
    void noErrorWithAStackTrace() {
        List<String> errors = log.events().stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getThrowableProxy() != null)
            .map(GeneratedHostileInputIT::describe).toList();
        assertTrue(errors.isEmpty(), errors.size() + " ERROR lines with a stack trace:\n"
            + String.join("\n", errors.subList(0, Math.min(10, errors.size()))));
    }

    private static String describe(ILoggingEvent e) {
        return e.getLoggerName() + ": " + e.getFormattedMessage() + " — " + e.getThrowableProxy().getClassName() + ": "
            + e.getThrowableProxy().getMessage();
    }
}
