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
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults across hosts ({@link LabCluster}: three hosts behind the manifests' firewalls) under
 * steady load: couriers sending fixes, a merchant placing orders with idempotency keys, and a
 * watcher on the tenant's feed on every host. Each moves to another host when its own stops
 * answering, as a client behind a Service would. In turn: host 3's cable is pulled for 30 s
 * and plugged back (a split: host 3 alone, hosts 1 and 2 together, healed by Hazelcast's
 * merge); host 2's node is killed with SIGKILL and started again. Afterwards every accepted fix
 * is stored exactly once, no order exists twice, and every watcher, wherever it resumed, saw
 * exactly the events of a watcher that never moved. The figures go to
 * {@code target/cluster-faults-report.txt} and the README's Reliability table.
 */
@ExtendWith(RealInfrastructure.class)
@DisplayName("Faults across hosts under load: a pulled cable, a killed node")
class ClusterFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultsIT.class);
    private static final int HOSTS = 3;
    private static final int CUT_SECONDS = Integer.getInteger("faults.cut-seconds", 30);

    @Test
    @DisplayName("nothing accepted is lost, no order is placed twice, and streams resume elsewhere with no gap")
    void nothingLostNothingTwice(Infrastructure infra) throws Exception {
        String missing = LabCluster.unavailableBecause();
        Assumptions.assumeTrue(missing == null, missing);
        try (LabCluster cluster = LabCluster.start(infra, HOSTS, Map.of("MERIDIAN_PUSH_HEARTBEAT", "1s"));
             Database db = new Database(infra);
             LabReceiver receiver = LabReceiver.start(cluster);
             LabLoad load = LabLoad.start(cluster, HOSTS, 4)) {
            List<Fault> faults = new ArrayList<>();
            sleep(Duration.ofSeconds(5));

            LabLoad.Counts before = load.counts();
            long cutAt = System.nanoTime();
            long cutAtMillis = System.currentTimeMillis();
            cluster.lab().cut(3);
            sleep(Duration.ofSeconds(CUT_SECONDS));
            cluster.lab().reconnect(3);
            long reconnectedAt = System.nanoTime();
            for (int host = 1; host <= HOSTS; host++) {
                cluster.awaitMembers(host, HOSTS, Duration.ofSeconds(120));
            }
            assertServesAcrossHosts(cluster, 3);
            faults.add(new Fault("host 3's link down for " + CUT_SECONDS + " s", cutAt, cutAtMillis, load.counts().since(before),
                seconds(reconnectedAt, System.nanoTime()) + " s after the link came back (Hazelcast merged the split)"));
            LOG.info("split healed {} s after reconnecting ({} s after the cut)", seconds(reconnectedAt, System.nanoTime()),
                seconds(cutAt, System.nanoTime()));

            before = load.counts();
            cluster.kill(2);
            long killedAt = System.nanoTime();
            long killedAtMillis = System.currentTimeMillis();
            for (int host : new int[] {1, 3}) {
                cluster.awaitMembers(host, HOSTS - 1, Duration.ofSeconds(60));
            }
            long declaredDeadAt = System.nanoTime();
            cluster.restart(2);
            for (int host = 1; host <= HOSTS; host++) {
                cluster.awaitMembers(host, HOSTS, Duration.ofSeconds(180));
            }
            assertServesAcrossHosts(cluster, 2);
            faults.add(new Fault("host 2's node killed (SIGKILL), then started again", killedAt, killedAtMillis,
                load.counts().since(before),
                seconds(killedAt, declaredDeadAt) + " s to drop it, " + seconds(killedAt, System.nanoTime())
                    + " s to three members again"));
            sleep(Duration.ofSeconds(5));
            load.stop();

            LabLoad.Counts total = load.counts();
            long stored = Eventually.await(Duration.ofSeconds(120), () -> load.storedFixes(db, "count(*)"),
                n -> n >= total.acceptedFixes());
            long distinct = load.storedFixes(db, "count(DISTINCT (shipment_id, recorded_at))");
            long twice = load.ordersPlacedTwice(db);
            List<String> gaps = load.watcherGaps();
            List<String> undelivered = Eventually.await(Duration.ofSeconds(150), () -> receiver.missing(load.orderEventIds(db)),
                List::isEmpty);
            Map<String, Long> repeated = receiver.repeated();
            List<String> report = faults.stream().map(f -> f.row(repeated)).toList();
            String summary = "total: " + total + ", stored " + stored + " (" + distinct + " distinct), orders placed twice "
                + twice + ", watcher gaps " + gaps + "; webhooks: " + load.orderEventIds(db).size() + " order events, "
                + receiver.received() + " deliveries, " + repeated.size() + " repeated, " + receiver.badSignatures()
                + " with a bad signature";
            Files.writeString(Path.of("target", "cluster-faults-report.txt"), String.join("\n", report) + "\n" + summary + "\n");
            LOG.info("cluster faults\n{}\n{}", String.join("\n", report), summary);

            assertEquals(total.acceptedFixes(), distinct, "every accepted fix stored: " + total);
            assertEquals(distinct, stored, "none stored twice");
            assertEquals(0, twice, "no order placed twice, however often it was retried elsewhere");
            assertEquals(List.of(), gaps, "each watcher saw what the watcher that never moved saw");
            assertTrue(total.watcherMoves() >= 2, "the watchers of the faulted hosts moved: " + total);
            assertTrue(total.refusedOrUnanswered() > 0, "the faults were felt: " + total);
            assertEquals(List.of(), undelivered, "every order event reached the receiver at least once");
            assertEquals(0, receiver.badSignatures(), "every delivery verifies");
            List<String> unexplained = repeated.entrySet().stream()
                .filter(first -> faults.stream().noneMatch(f -> f.couldRepeat(first.getValue())))
                .map(Map.Entry::getKey).toList();
            long startedAt = cutAt - Duration.ofSeconds(5).toNanos();
            long startedAtMillis = cutAtMillis - 5_000;
            assertEquals(List.of(), unexplained, "a delivery is repeated only when its node was cut off or killed "
                + "between sending it and recording the answer; seconds since the load started: faults at "
                + faults.stream().map(f -> f.what() + " " + seconds(startedAt, f.atNanos())).toList()
                + ", copies (sent at, arrived at) " + unexplained.stream().map(id -> id + " " + receiver.arrivalsOf(id)
                    .stream().map(d -> (d.signedAtSecond() * 1000 - startedAtMillis) / 1000 + "/"
                        + seconds(startedAt, d.atNanos())).toList()).toList());
        }
    }

    /**
     * Within a minute of the cluster being whole, the host places an order that every host reads:
     * its node record and event-bus registrations are known again, so replies reach it.
     */
    private static void assertServesAcrossHosts(LabCluster cluster, int host) {
        Eventually.await(Duration.ofSeconds(60), () -> {
            Api.Response placed = cluster.api(host, "demo-key").createOrder();
            if (placed.status() != 201) {
                return "placing on host " + host + ": " + placed.status();
            }
            String orderId = placed.json().getString("id");
            for (int other = 1; other <= HOSTS; other++) {
                int status = cluster.api(other, "demo-key").get("/v1/orders/" + orderId).status();
                if (status != 200) {
                    return "an order placed on host " + host + " read on host " + other + ": " + status;
                }
            }
            return "served";
        }, "served"::equals);
    }

    /**
     * A fault of the run: what it was, when it struck (by the test's clock, and by the wall clock
     * the nodes sign deliveries with), the load meanwhile and how the cluster recovered.
     */
    private record Fault(String what, long atNanos, long atMillis, LabLoad.Counts meanwhile, String recovery) {

        /** A send ends at most {@code webhooks.timeout} (5 s) after it starts; a second of slack either side. */
        private static final long SENT_BEFORE_MILLIS = 6_000;
        private static final long SENT_AFTER_MILLIS = 1_000;

        /**
         * Whether a delivery whose first copy was sent (signed) in the second
         * {@code sentAtSecond} may arrive again because of this fault: its node sent it, then was
         * cut off or killed before it recorded the answer, so the delivery came due again once its
         * lease ran out. The first copy may itself arrive late (sent as the link went down, it is
         * retransmitted once the link is back), so this asks when it was sent, not when it came.
         */
        boolean couldRepeat(long sentAtSecond) {
            long earliest = sentAtSecond * 1_000;
            long latest = earliest + 999;
            return latest >= atMillis - SENT_BEFORE_MILLIS && earliest <= atMillis + SENT_AFTER_MILLIS;
        }

        String row(Map<String, Long> repeated) {
            long ours = repeated.values().stream().filter(this::couldRepeat).count();
            return "| " + what + " | " + meanwhile.acceptedFixes() + " fixes and " + meanwhile.placedOrders()
                + " orders accepted meanwhile | " + meanwhile.refusedOrUnanswered() + " tries refused or unanswered, "
                + "retried on another host | " + ours + " webhook deliveries repeated | " + recovery + " |";
        }
    }

    private static long seconds(long fromNanos, long toNanos) {
        return Math.round((toNanos - fromNanos) / 1e9);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
