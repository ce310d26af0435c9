package verticles.cluster;

import verticles.testsupport.Api;
import verticles.testsupport.Database;
import verticles.testsupport.LabCluster;
import verticles.testsupport.SseClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady load on a {@link LabCluster}, from clients that behave as clients behind a Service do:
 * couriers sending fixes, a merchant placing orders with idempotency keys, and a watcher of the
 * tenant's feed per host. A request refused (503) or unanswered is tried again on the next host;
 * a watcher that hears nothing for 3 s (heartbeats come every second) resumes on the next host
 * with {@code Last-Event-ID}. Everything accepted is counted, for the checks afterwards.
 */
final class LabLoad implements AutoCloseable {

    record Counts(long acceptedFixes, long placedOrders, long refusedOrUnanswered, long watcherMoves) {

        /** What was counted after {@code before}. */
        Counts since(Counts before) {
            return new Counts(acceptedFixes - before.acceptedFixes, placedOrders - before.placedOrders,
                refusedOrUnanswered - before.refusedOrUnanswered, watcherMoves - before.watcherMoves);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(4);
    private static final Duration SILENCE = Duration.ofSeconds(3);

    private final LabCluster cluster;
    private final int hosts;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acceptedFixes = new AtomicLong();
    private final AtomicLong placedOrders = new AtomicLong();
    private final AtomicLong refusedOrUnanswered = new AtomicLong();
    private final AtomicLong watcherMoves = new AtomicLong();
    private final List<String> shipments = Collections.synchronizedList(new ArrayList<>());
    private final List<List<String>> watched = new ArrayList<>();
    /** Per watcher, where it moved or was reset, for the diagnosis of a difference. */
    private final List<List<String>> moves = new ArrayList<>();
    private final Map<String, String> typeOf = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    private LabLoad(LabCluster cluster, int hosts) {
        this.cluster = cluster;
        this.hosts = hosts;
    }

    static LabLoad start(LabCluster cluster, int hosts, int couriers) {
        LabLoad load = new LabLoad(cluster, hosts);
        for (int host = 1; host <= hosts; host++) {
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            load.watched.add(ids);
            load.moves.add(Collections.synchronizedList(new ArrayList<>()));
            int first = host;
            load.thread("watcher-" + host, () -> load.watch(first, ids, load.moves.get(first - 1)));
        }
        for (int c = 0; c < couriers; c++) {
            String shipmentId = cluster.api(1 + c % hosts, "demo-key").createShipment();
            load.shipments.add(shipmentId);
            int first = 1 + c % hosts;
            load.thread("courier-" + c, () -> load.courier(shipmentId, first));
        }
        load.thread("merchant", () -> load.merchant());
        return load;
    }

    Counts counts() {
        return new Counts(acceptedFixes.get(), placedOrders.get(), refusedOrUnanswered.get(), watcherMoves.get());
    }

    /** Stops sending and waits for every client to finish what it was doing. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    long storedFixes(Database db, String aggregate) {
        return db.history(aggregate, List.copyOf(shipments));
    }

    /** Orders of this run that exist more than once (each was placed under its own customer name). */
    long ordersPlacedTwice(Database db) throws Exception {
        return db.count("SELECT count(*) FROM (SELECT customer->>'name' FROM orders WHERE customer->>'name' LIKE $1 "
            + "GROUP BY 1 HAVING count(*) > 1) twice", "lab-" + run + "-%");
    }

    /**
     * The id of every event this run's orders have emitted so far: versions 1 (placed) to their
     * current one, each change of an order being one event {@code <order id>.v<version>}.
     */
    List<String> orderEventIds(Database db) {
        List<String[]> orders;
        try {
            orders = db.rows("SELECT id, version FROM orders WHERE customer->>'name' LIKE $1", "lab-" + run + "-%");
        } catch (Exception e) {
            throw new IllegalStateException("reading the run's orders", e);
        }
        List<String> ids = new ArrayList<>();
        for (String[] order : orders) {
            for (int version = 1; version <= Integer.parseInt(order[1]); version++) {
                ids.add(order[0] + ".v" + version);
            }
        }
        return ids;
    }

    /**
     * For each watcher, what differs from the watcher of host 1 (never faulted) over the events
     * both were connected for: empty when none missed, repeated or reordered an event.
     */
    List<String> watcherGaps() {
        List<String> reference = List.copyOf(watched.get(0));
        List<String> gaps = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>(reference);
        for (int host = 2; host <= hosts; host++) {
            List<String> ids = List.copyOf(watched.get(host - 1));
            int skip = 0;
            while (skip < ids.size() && !seen.contains(ids.get(skip))) {
                skip++;
            }
            if (skip > 5 || skip == ids.size()) {
                gaps.add("watcher " + host + " saw " + skip + " events first that the reference never saw");
                continue;
            }
            int start = reference.indexOf(ids.get(skip));
            int common = Math.min(ids.size() - skip, reference.size() - start);
            int differsAt = firstDifference(ids.subList(skip, skip + common), reference.subList(start, start + common));
            if (differsAt >= 0) {
                gaps.add("watcher " + host + " differs from the reference within " + common + " events, first at its "
                    + (skip + differsAt) + "th: it saw " + around(ids, skip + differsAt) + ", the reference "
                    + around(reference, start + differsAt) + "; its moves " + moves.get(host - 1) + ", the reference's "
                    + moves.get(0));
            }
            if (common < 100) {
                gaps.add("watcher " + host + " overlaps the reference by only " + common + " events");
            }
        }
        return gaps;
    }

    private static int firstDifference(List<String> seen, List<String> reference) {
        for (int i = 0; i < seen.size(); i++) {
            if (!seen.get(i).equals(reference.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The events either side of {@code index}, as the diagnosis of a difference needs them. */
    private List<String> around(List<String> events, int index) {
        return events.subList(Math.max(0, index - 3), Math.min(events.size(), index + 4)).stream()
            .map(id -> id + " " + typeOf.get(id)).toList();
    }

    private void courier(String shipmentId, int firstHost) {
        Instant base = Instant.now().minusSeconds(3_600).truncatedTo(ChronoUnit.MILLIS);
        int host = firstHost;
        for (int i = 0; running.get(); i++) {
            String body = Api.fix(48 + i * 0.0001, 11, base.plusMillis(100L * i));
            while (true) {
                int status = post(host, "/v1/shipments/" + shipmentId + "/locations", body, null);
                if (status == 202) {
                    acceptedFixes.incrementAndGet();
                    break;
                }
                refusedOrUnanswered.incrementAndGet();
                host = next(host);
                pause(200);
            }
            pause(100);
        }
    }

    private void merchant() {
        int host = 1;
        for (int n = 0; running.get(); n++) {
            String key = "lab-" + run + "-" + n;
            String body = "{\"customer\": {\"name\": \"" + key + "\"}, \"items\": [{\"sku\": \"BOOK-1\", \"quantity\": 1}],"
                + " \"destination\": {\"lat\": 52.52, \"lon\": 13.405}}";
            while (true) {
                int status = post(host, "/v1/orders", body, key);
                if (status == 201 || status == 200) {
                    placedOrders.incrementAndGet();
                    break;
                }
                refusedOrUnanswered.incrementAndGet();
                host = next(host);
                pause(200);
            }
            host = next(host);
            pause(300);
        }
    }

    private void watch(int firstHost, List<String> ids, List<String> movedAt) {
        int host = firstHost;
        while (running.get()) {
            String last = ids.isEmpty() ? null : ids.get(ids.size() - 1);
            try (SseClient feed = SseClient.open(cluster.baseUrl(host), "/v1/events", "demo-key", last)) {
                if (feed.status() == 200) {
                    long heardAt = System.nanoTime();
                    int heartbeats = feed.comments();
                    while (running.get() && !feed.ended() && System.nanoTime() - heardAt < SILENCE.toNanos()) {
                        SseClient.Event event = feed.poll(Duration.ofMillis(250));
                        if (event != null && event.id() != null && !"snapshot".equals(event.type())) {
                            ids.add(event.id());
                            typeOf.put(event.id(), event.type());
                        } else if (event != null && !"snapshot".equals(event.type())) {
                            movedAt.add(event.type() + " on host " + host + " after " + ids.size() + " events");
                        }
                        if (event != null || feed.comments() != heartbeats) {
                            heardAt = System.nanoTime();
                            heartbeats = feed.comments();
                        }
                    }
                }
            } catch (RuntimeException | InterruptedException unreachable) {
                // the host does not answer: resume on the next one
            }
            if (running.get()) {
                watcherMoves.incrementAndGet();
                movedAt.add("from host " + host + " after " + ids.size() + " events");
                host = next(host);
            }
        }
    }

    private int post(int host, String path, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.baseUrl(host) + path))
            .timeout(ANSWER_WITHIN)
            .header("Authorization", "Bearer demo-key")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int next(int host) {
        return host % hosts + 1;
    }

    private void thread(String name, Runnable task) {
        Thread thread = new Thread(task, "lab-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
