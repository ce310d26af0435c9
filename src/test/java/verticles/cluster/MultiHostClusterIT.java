package verticles.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.LabCluster;
import verticles.testsupport.NetworkLab;
import verticles.testsupport.Processes;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.SseClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three nodes of the production jar on three hosts: each in a network namespace of its own, with
 * its own address on a bridge, behind a firewall generated from the NetworkPolicy and the
 * Deployment that {@code kubectl kustomize k8s/base} renders. The nodes run the {@code k8s}
 * profile, so the ports they use are the ones Kubernetes would see; a port the code uses and the
 * manifests do not declare is dropped here as an enforcing CNI would drop it, and the test fails.
 * Kafka, Redis and PostgreSQL are reached at the bridge's address on the ports the policy allows.
 * Skipped, with the reason, where namespaces, nft or kubectl are not available.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A cluster of three hosts behind the firewall the manifests declare")
class MultiHostClusterIT {

    private static final int HOSTS = 3;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private LabCluster cluster;
    private final List<Api> apis = new ArrayList<>();

    @BeforeAll
    void startHosts(Infrastructure infra) throws Exception {
        String missing = LabCluster.unavailableBecause();
        Assumptions.assumeTrue(missing == null, missing);
        cluster = LabCluster.start(infra, HOSTS, Map.of());
        for (int host = 1; host <= HOSTS; host++) {
            apis.add(cluster.api(host, "demo-key"));
        }
    }

    @AfterAll
    void stopHosts() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @DisplayName("an order placed on any host is read on every other, promptly, through the clustered event bus")
    void everyHostServesEveryOrder() {
        for (int placedOn = 0; placedOn < HOSTS; placedOn++) {
            long started = System.nanoTime();
            Api.Response placed = apis.get(placedOn).createOrder();
            assertEquals(201, placed.status(), "host " + (placedOn + 1) + ": " + placed);
            String orderId = placed.json().getString("id");
            for (int readOn = 0; readOn < HOSTS; readOn++) {
                Api.Response read = apis.get(readOn).get("/v1/orders/" + orderId);
                assertEquals(200, read.status(), "read on host " + (readOn + 1) + ": " + read);
                assertEquals(orderId, read.json().getString("id"));
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 5_000, "no call waited for a blocked port's timeout: " + tookMs + " ms");
            Api confirmedOn = apis.get((placedOn + 1) % HOSTS);
            Eventually.await(DEADLINE, () -> confirmedOn.get("/v1/orders/" + orderId).json().getString("status"),
                "CONFIRMED"::equals);
        }
    }

    @Test
    @DisplayName("a fix accepted on one host reaches the live streams open on every host")
    void liveEventsCrossHosts() {
        String shipmentId = apis.get(0).createShipment();
        List<SseClient> feeds = new ArrayList<>();
        try {
            for (int host = 1; host <= HOSTS; host++) {
                SseClient feed = SseClient.open(cluster.baseUrl(host),
                    "/v1/shipments/" + shipmentId + "/events", "demo-key", null);
                assertEquals(200, feed.status(), "stream on host " + host);
                assertEquals("snapshot", feed.next(DEADLINE).type());
                feeds.add(feed);
            }
            Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            assertEquals(202, apis.get(1).postFix(shipmentId, 48.2, 11.6, at).status());
            for (int host = 1; host <= HOSTS; host++) {
                SseClient.Event location = feeds.get(host - 1).next("location", DEADLINE);
                assertEquals(at.toString(), location.json().getJsonObject("position").getString("recordedAt"),
                    "host " + host);
            }
        } finally {
            feeds.forEach(SseClient::close);
        }
    }

    @Test
    @DisplayName("the firewall is real: a port the manifests do not declare is dropped between hosts")
    void undeclaredPortsAreDropped() throws Exception {
        // Nothing listens on 5799: without the firewall the answer is an immediate refusal.
        Processes.Outcome probe = Processes.run(NetworkLab.inHost(1, List.of("timeout", "3", "bash", "-c",
            "exec 3<>/dev/tcp/" + NetworkLab.address(2) + "/5799 && echo connected")), null, Duration.ofSeconds(10));
        assertNotEquals(0, probe.exit());
        assertTrue(!probe.output().contains("refused"), "dropped by the firewall, not refused by the host: " + probe.output());
        Processes.Outcome declared = Processes.run(NetworkLab.inHost(1, List.of("timeout", "3", "bash", "-c",
            "exec 3<>/dev/tcp/" + NetworkLab.address(2) + "/5701 && echo connected")), null, Duration.ofSeconds(10));
        assertTrue(declared.output().contains("connected"), "Hazelcast's declared port is open: " + declared.output());
    }
}
