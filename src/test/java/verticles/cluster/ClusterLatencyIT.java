package verticles.cluster;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.testsupport.Api;
import verticles.testsupport.Database;
import verticles.testsupport.Eventually;
import verticles.testsupport.LabCluster;
import verticles.testsupport.NetworkLab;
import verticles.testsupport.Processes;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hosts ({@link LabCluster}) with 200 ms added each way (400 ms a round trip) to every connection between them
 * on the ports pods talk to each other on (Hazelcast's and the event bus's), by a delaying
 * forwarder in each host: the kernel here has no {@code netem}. Under the same load as
 * {@link ClusterFaultsIT}, nothing accepted is lost, no order is placed twice, no watcher misses
 * an event, and every order call still answers within the event bus's 10 s, slower by the
 * round trips it makes between hosts. The figures go to {@code target/cluster-latency-report.txt}.
 */
@ExtendWith(RealInfrastructure.class)
@DisplayName("200 ms each way between hosts, under load")
class ClusterLatencyIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLatencyIT.class);
    private static final int HOSTS = 3;
    /** Each way, so 400 ms is added to every round trip between hosts. */
    private static final Duration DELAY = Duration.ofMillis(Long.getLong("latency.each-way-ms", 200));

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @Test
    @DisplayName("nothing lost or placed twice, no stream gap, and every call answers in time")
    void slowLinksLoseNothing(Infrastructure infra) throws Exception {
        String missing = LabCluster.unavailableBecause();
        Assumptions.assumeTrue(missing == null, missing);
        try (LabCluster cluster = LabCluster.start(infra, HOSTS, Map.of("MERIDIAN_PUSH_HEARTBEAT", "1s"), DELAY);
             Database db = new Database(infra)) {
            // Every connection host 1's node opened to a peer's pod port was redirected into the
            // forwarder: the forwarder holds a socket whose peer is the node's local port.
            Processes.Outcome sockets = Processes.run(NetworkLab.inHost(1, List.of("ss", "-tanH", "state", "established")),
                null, Duration.ofSeconds(10));
            List<String[]> established = sockets.output().lines().map(String::trim).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")).toList();
            int outgoing = 0;
            for (String[] socket : established) {
                String local = socket[socket.length - 2];
                String peer = socket[socket.length - 1];
                int localPort = port(local);
                boolean toPeerPodPort = !peer.contains(NetworkLab.address(1) + "]") && peer.contains("10.77.0.1")
                    && (peer.endsWith(":5701") || peer.endsWith(":5710"));
                if (toPeerPodPort && local.contains(NetworkLab.address(1)) && (localPort < 40_000 || localPort > 40_999)) {
                    outgoing++;
                    int peerHost = Integer.parseInt(peer.replaceAll(".*10\\.77\\.0\\.1(\\d)\\].*", "$1"));
                    String forwarderSide = "127.0.0.1]:" + NetworkLab.redirectPort(peerHost, port(peer));
                    assertTrue(established.stream().anyMatch(other -> other[other.length - 2].endsWith(forwarderSide)
                            && port(other[other.length - 1]) == localPort),
                        "the node's connection " + local + " -> " + peer + " went around the forwarder:\n" + sockets.output());
                }
            }
            assertTrue(outgoing > 0, "host 1's node has connections of its own to its peers:\n" + sockets.output());

            List<Long> orderMillis = new ArrayList<>();
            try (LabReceiver receiver = LabReceiver.start(cluster);
                 LabLoad load = LabLoad.start(cluster, HOSTS, 4)) {
                for (int i = 0; i < 30; i++) {
                    int host = 1 + i % HOSTS;
                    long started = System.nanoTime();
                    Api.Response placed = cluster.api(host, "demo-key").createOrder();
                    assertEquals(201, placed.status(), "host " + host + ": " + placed);
                    Api.Response read = cluster.api(1 + (i + 1) % HOSTS, "demo-key").get("/v1/orders/" + placed.json().getString("id"));
                    assertEquals(200, read.status(), read.toString());
                    orderMillis.add((System.nanoTime() - started) / 1_000_000);
                }
                Thread.sleep(10_000);
                load.stop();
                LabLoad.Counts total = load.counts();
                long stored = Eventually.await(Duration.ofSeconds(60), () -> load.storedFixes(db, "count(*)"),
                    n -> n >= total.acceptedFixes());
                long distinct = load.storedFixes(db, "count(DISTINCT (shipment_id, recorded_at))");
                List<String> undelivered = Eventually.await(Duration.ofSeconds(60),
                    () -> receiver.missing(load.orderEventIds(db)), List::isEmpty);
                Collections.sort(orderMillis);
                String report = DELAY.toMillis() + " ms each way between hosts: " + total + ", stored " + stored + " (" + distinct
                    + " distinct), orders placed twice " + load.ordersPlacedTwice(db) + ", watcher gaps "
                    + load.watcherGaps() + "; place-then-read on another host: median " + orderMillis.get(15)
                    + " ms, slowest " + orderMillis.get(29) + " ms; webhooks: " + load.orderEventIds(db).size()
                    + " order events, " + receiver.received() + " deliveries, " + receiver.repeated().size() + " repeated";
                Files.writeString(Path.of("target", "cluster-latency-report.txt"), report + "\n");
                LOG.info(report);
                assertEquals(total.acceptedFixes(), distinct, "every accepted fix stored");
                assertEquals(distinct, stored, "none twice");
                assertEquals(0, load.ordersPlacedTwice(db));
                assertEquals(List.of(), load.watcherGaps());
                assertTrue(total.acceptedFixes() > 0 && total.placedOrders() > 0, total.toString());
                assertEquals(List.of(), undelivered, "every order event reached the receiver");
                assertEquals(Map.of(), receiver.repeated(), "with no fault, no delivery is repeated");
                assertEquals(0, receiver.badSignatures());
            }
        }
    }
}
