package verticles;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Api;
import verticles.testsupport.OneNodeIT;
import verticles.testsupport.Processes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prometheus's own linter on what Meridian exposes: {@code promtool check metrics} on a live
 * node's {@code /metrics} after traffic, and {@code promtool check rules} on the alerts in
 * {@code ops/prometheus}. Skipped with the reason where promtool is missing; {@code .ci/run}
 * installs it (Debian's {@code prometheus} package), so CI always runs it.
 */
@DisplayName("Prometheus's promtool")
class PromtoolIT extends OneNodeIT {

    /**
     * Findings waived, by metric-name prefix, each with its reason. None is a {@code meridian_}
     * metric: these are named by the libraries that publish them, and the dashboards written for
     * those libraries expect the names as they are.
     */
    private static final Map<String, String> WAIVED = Map.of(
        "kafka_", "the Kafka client library's own metrics (units such as _ms and _ns, _count gauges), through Micrometer's binder",
        "jvm_compilation_time_ms", "Micrometer's standard JVM binder",
        "process_cpu_time_ns", "Micrometer's standard process binder",
        "system_cpu_count", "Micrometer's standard system binder");

    @Test
    @DisplayName("finds nothing wrong with the metrics of a node under traffic, nor with the alert rules")
    void metricsAndRulesAreClean() throws Exception {
        Assumptions.assumeTrue(Processes.run(List.of("promtool", "--version"), null, Duration.ofSeconds(10)).exit() == 0,
            "skipped: no promtool (apt-get install prometheus; .ci/run does)");
        String id = demo.createShipment();
        assertEquals(202, demo.postFix(id, 48.1, 11.6, java.time.Instant.now().minusSeconds(1)).status());
        assertEquals(201, demo.createOrder().status());
        assertEquals(401, new Api(node.baseUrl(), "not-a-key").get("/v1/orders").status());
        Api.Response scraped = new Api(node.baseUrl(), null).get("/metrics");
        assertEquals(200, scraped.status());
        assertTrue(scraped.body().contains("meridian_"), "the node's own metrics are there");

        Processes.Outcome metrics = Processes.run(List.of("promtool", "check", "metrics"), scraped.body(), Duration.ofSeconds(60));
        List<String> findings = new ArrayList<>();
        for (String line : metrics.output().split("\n")) {
            if (!line.isBlank() && WAIVED.keySet().stream().noneMatch(line::startsWith)) {
                findings.add(line);
            }
        }
        assertEquals(List.of(), findings, "promtool check metrics, beyond the waived:\n" + metrics.output());

        Processes.Outcome rules = Processes.run(List.of("promtool", "check", "rules", "ops/prometheus/alerts.yml"), null,
            Duration.ofSeconds(60));
        assertEquals(0, rules.exit(), rules.output());
        assertTrue(rules.output().contains("SUCCESS"), rules.output());
    }
}
