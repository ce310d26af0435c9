package verticles;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.Metrics;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.SseClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Meridian's own metrics, scraped after traffic")
class MetricsIT extends OneNodeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    @DisplayName("count accepted and refused updates, time ingest to cache, count cache hits, show lag, backlog and streams")
    void metricsAfterTraffic() {
        double acceptedBefore = Metrics.value(demo, "meridian_location_updates_total", "outcome=\"accepted\"");
        double refusedBefore = Metrics.value(demo, "meridian_ingest_requests_refused_total", "status=\"400\"");
        String id = demo.createShipment();
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
        assertEquals(202, demo.postFix(id, 48.1, 11.6, at).status());
        assertEquals(202, demo.post("/v1/locations", "[" + Api.batchItem(id, 48.2, 11.6, at.plusSeconds(1)) + ","
            + Api.batchItem(id, 48.3, 11.6, at.plusSeconds(2)) + "]").status());
        assertEquals(400, demo.post("/v1/shipments/" + id + "/locations", "{\"lat\": 91}").status());
        Eventually.await(DEADLINE, () -> demo.get("/v1/shipments/" + id).json().getJsonObject("position"),
            p -> p != null && p.getDouble("lat") == 48.3);
        String orderId = demo.createOrder().json().getString("id");
        assertEquals(200, demo.get("/v1/orders/" + orderId).status());
        try (SseClient stream = SseClient.open(node.baseUrl(), "/v1/shipments/" + id + "/events", "demo-key", null)) {
            stream.next(DEADLINE);
            assertTrue(Metrics.value(demo, "meridian_sse_connections") >= 1);
        }

        assertEquals(3, Metrics.value(demo, "meridian_location_updates_total", "outcome=\"accepted\"") - acceptedBefore,
            "one single update and a batch of two");
        assertEquals(1, Metrics.value(demo, "meridian_ingest_requests_refused_total", "status=\"400\"") - refusedBefore);
        double timed = Metrics.value(demo, "meridian_ingest_to_cache_seconds_count");
        double seconds = Metrics.value(demo, "meridian_ingest_to_cache_seconds_sum");
        assertTrue(timed >= 1, "positions moved were timed");
        assertTrue(seconds > 0 && seconds / timed < 10, "plausible: " + seconds + " s over " + timed);
        assertTrue(Metrics.value(demo, "meridian_cache_requests_total", "cache=\"shipment\",result=\"hit\"") >= 1);
        assertTrue(Metrics.value(demo, "meridian_cache_requests_total", "cache=\"order\"") >= 1);
        assertFalse(Metrics.series(demo, "kafka_consumer_fetch_manager_records_lag_max").isEmpty(),
            "each consumer's lag");
        assertEquals(1, Metrics.series(demo, "kafka_consumer_fetch_manager_records_lag_max").stream()
            .filter(line -> line.contains("consumer=\"tracking\"")).count(), "the tracking consumer's, by name");
        Eventually.await(DEADLINE, () -> Metrics.series(demo, "meridian_outbox_backlog"), s -> !s.isEmpty());
        assertTrue(Metrics.value(demo, "meridian_outbox_backlog") >= 0);
        // Registered at start, so a dashboard shows 0 rather than nothing before the first one.
        assertEquals(0, Metrics.value(demo, "meridian_dead_letters_total", "consumer=\"tracking\""));
        assertTrue(Metrics.series(demo, "meridian_webhook_deliveries_total").size() >= 3);
        // Healthy stores: their circuits are closed, none open.
        assertTrue(Metrics.value(demo, "meridian_circuit_breakers", "dependency=\"redis\",state=\"closed\"") >= 1);
        assertTrue(Metrics.value(demo, "meridian_circuit_breakers", "dependency=\"postgres\",state=\"closed\"") >= 1);
        assertEquals(0, Metrics.value(demo, "meridian_circuit_breakers", "dependency=\"redis\",state=\"open\""));
        assertEquals(0, Metrics.value(demo, "meridian_circuit_breakers", "dependency=\"postgres\",state=\"open\""));
    }

    @Test
    @DisplayName("include every metric the Grafana dashboard and the Prometheus alert rules query")
    void dashboardAndAlertsNameRealMetrics() throws Exception {
        // Traffic of every kind the panels show: a counter labelled by status exists once one was refused.
        String id = demo.createShipment();
        assertEquals(400, demo.post("/v1/shipments/" + id + "/locations", "{\"lat\": 91}").status());
        java.util.Set<String> named = new java.util.TreeSet<>();
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b(?:meridian|kafka|vertx|jvm)_[a-z0-9_]+");
        for (String file : new String[] {"ops/grafana/meridian-dashboard.json", "ops/prometheus/alerts.yml"}) {
            java.util.regex.Matcher m = metric.matcher(java.nio.file.Files.readString(java.nio.file.Path.of(file)));
            while (m.find()) {
                named.add(m.group());
            }
        }
        assertTrue(named.size() >= 10, "the dashboard and alerts query Meridian's metrics: " + named);
        // Both files are well-formed: the dashboard is JSON with panels, the rules YAML with alerts.
        io.vertx.core.json.JsonObject dashboard = new io.vertx.core.json.JsonObject(
            java.nio.file.Files.readString(java.nio.file.Path.of("ops/grafana/meridian-dashboard.json")));
        assertTrue(dashboard.getJsonArray("panels").size() >= 10);
        java.util.Map<String, java.util.List<java.util.Map<String, java.util.List<java.util.Map<String, Object>>>>> rules =
            new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(java.nio.file.Path.of("ops/prometheus/alerts.yml")));
        assertTrue(rules.get("groups").get(0).get("rules").stream().allMatch(r -> r.get("alert") != null && r.get("expr") != null));
        java.util.List<String> missing = named.stream().filter(name -> Metrics.series(demo, name).isEmpty()).toList();
        assertEquals(java.util.List.of(), missing, "metrics named in ops/ that /metrics does not have");
    }
}
