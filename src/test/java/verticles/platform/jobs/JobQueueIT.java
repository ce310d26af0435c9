package verticles.platform.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job queue on a real PostgreSQL, worked by several claimers at once the way relays and
 * delivery loops on several nodes work it: no job is held by two claimers, an ordered queue's
 * jobs of one key are done one at a time in id order, and a lease that runs out gives the job to
 * the next claimer.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A job queue in PostgreSQL")
class JobQueueIT {

    private static final String TABLE = "job_queue_it";
    private final Vertx vertx = Vertx.vertx();
    private Pool pool;

    private static JobQueue queue(boolean ordered) {
        JobQueue.Builder b = JobQueue.in(TABLE).pendingWhen("{q}.done_at IS NULL").completedBy("done_at = now()")
            .returning("q.id, q.k, q.attempts");
        return (ordered ? b.inOrderPer("k") : b).build();
    }

    @BeforeAll
    void createTable(Infrastructure infra) {
        pool = Clients.postgres(vertx, MeridianConfig.of(new JsonObject()).with(Keys.PG_URL, infra.pgUrl())
            .with(Keys.PG_POOL_SIZE, 8), "job-queue-it");
        await(pool.query("DROP TABLE IF EXISTS " + TABLE).execute());
        await(pool.query("CREATE TABLE " + TABLE + " (id bigserial PRIMARY KEY, k text NOT NULL, done_at timestamptz,"
            + " attempts integer NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL DEFAULT now(), last_error text)")
            .execute());
    }

    @BeforeEach
    void empty() {
        await(pool.query("TRUNCATE " + TABLE).execute());
    }

    @AfterAll
    void dropTable() {
        await(pool.query("DROP TABLE IF EXISTS " + TABLE).execute());
        await(vertx.close());
    }

    @Test
    @DisplayName("hands each job to one claimer, however many claim at once")
    void eachJobToOneClaimer() {
        insert(Collections.nCopies(300, "x"));
        JobQueue jobs = queue(false);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        List<Future<Void>> claimers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claimers.add(drain(jobs, 7, rows -> {
                rows.forEach(r -> claimed.add(r.getLong("id")));
                return jobs.complete(pool, rows.stream().map(r -> r.getLong("id")).toList());
            }));
        }
        await(Future.all(claimers));
        assertEquals(300, claimed.size(), "every job claimed once: " + claimed.size());
        assertEquals(300, new HashSet<>(claimed).size(), "no job claimed twice");
    }

    @Test
    @DisplayName("in order per key: one job of a key at a time, in id order, across claimers")
    void oneAtATimePerKeyInOrder() {
        Random random = new Random(42);
        List<Long> ids = insert(randomKeys(random));
        JobQueue jobs = queue(true);
        // What the workers saw, in the order they saw it: a claim, then its completion.
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Future<Void>> claimers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claimers.add(drain(jobs, 5, rows -> work(log, rows, random, () -> jobs.complete(pool, idList(rows)))));
        }
        await(Future.all(claimers));
        assertOneAtATimeInIdOrder(log, ids.size());
    }

    @Test
    @DisplayName("held in transactions: one job of a key at a time, in id order, across claimers")
    void heldOneAtATimePerKeyInOrder() {
        Random random = new Random(7);
        List<Long> ids = insert(randomKeys(random));
        JobQueue jobs = queue(true);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Future<Void>> claimers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claimers.add(drainHeld(jobs, 5, (tx, rows) -> work(log, rows, random, () -> jobs.complete(tx, idList(rows)))));
        }
        await(Future.all(claimers));
        assertOneAtATimeInIdOrder(log, ids.size());
    }

    private static List<String> randomKeys(Random random) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("k" + random.nextInt(12));
        }
        return keys;
    }

    private static List<Long> idList(List<Row> rows) {
        return rows.stream().map(r -> r.getLong("id")).toList();
    }

    /** Logs the claim, works a while (so other claimers run while these jobs are held), logs and completes them. */
    private Future<Void> work(List<String> log, List<Row> rows, Random random,
                              java.util.function.Supplier<Future<Void>> complete) {
        rows.forEach(r -> log.add("claim " + r.getString("k") + " " + r.getLong("id")));
        return sleep(random.nextInt(5)).compose(v -> {
            rows.forEach(r -> log.add("done " + r.getString("k") + " " + r.getLong("id")));
            return complete.get();
        });
    }

    /** No key had two jobs held at once, each key's jobs were done in id order, and every job was done. */
    private static void assertOneAtATimeInIdOrder(List<String> log, int jobs) {
        Map<String, Long> held = new HashMap<>();
        Map<String, List<Long>> doneInOrder = new HashMap<>();
        for (String entry : log) {
            String[] part = entry.split(" ");
            if (part[0].equals("claim")) {
                Long other = held.putIfAbsent(part[1], Long.valueOf(part[2]));
                assertEquals(null, other, "key " + part[1] + ": job " + part[2] + " claimed while " + other + " was held");
            } else {
                held.remove(part[1]);
                doneInOrder.computeIfAbsent(part[1], k -> new ArrayList<>()).add(Long.valueOf(part[2]));
            }
        }
        for (Map.Entry<String, List<Long>> key : doneInOrder.entrySet()) {
            List<Long> sorted = new ArrayList<>(key.getValue());
            Collections.sort(sorted);
            assertEquals(sorted, key.getValue(), "key " + key.getKey() + " done in id order");
        }
        assertEquals(jobs, doneInOrder.values().stream().mapToInt(List::size).sum(), "every job done");
    }

    @Test
    @DisplayName("held jobs: hidden from others while held, due at once after a rollback, backed off when failed")
    void heldJobsRollBackOrBackOff() {
        List<Long> ids = insert(List.of("a", "a", "b"));
        JobQueue jobs = queue(true);
        Set<Long> held = new HashSet<>();
        Set<Long> whileHeld = new HashSet<>();
        String died = await(pool.withTransaction(tx -> jobs.claimHeld(tx, 10).compose(mine -> {
            held.addAll(idsOf(mine));
            return pool.withTransaction(other -> jobs.claimHeld(other, 10))
                .map(theirs -> whileHeld.addAll(idsOf(theirs)))
                .compose(v -> Future.<String>failedFuture("the worker dies"));
        })).recover(dead -> Future.succeededFuture(dead.getMessage())));
        assertEquals("the worker dies", died);
        assertEquals(Set.of(ids.get(0), ids.get(2)), held, "one per key");
        assertEquals(Set.of(), whileHeld, "held jobs and their keys' later jobs are no one else's");

        await(pool.withTransaction(tx -> jobs.claimHeld(tx, 10).compose(again -> {
            assertEquals(Set.of(ids.get(0), ids.get(2)), idsOf(again), "rolled back: due again at once");
            again.forEach(r -> assertEquals(0, r.getInteger("attempts"), "a rollback counts no attempt"));
            return jobs.failHeld(tx, ids.get(0), Instant.now().plusSeconds(60), "broker refused")
                .compose(v -> jobs.complete(tx, List.of(ids.get(2))));
        })));
        await(pool.withTransaction(tx -> jobs.claimHeld(tx, 10)
            .map(rows -> {
                assertEquals(Set.of(), idsOf(rows), "a's failed job backs off, and its second waits behind it");
                return null;
            })));
        Row failed = await(pool.query("SELECT attempts, last_error FROM " + TABLE + " WHERE id = " + ids.get(0)).execute())
            .iterator().next();
        assertEquals(1, failed.getInteger(0), "the failure counted");
        assertEquals("broker refused", failed.getString(1));
    }

    @Test
    @DisplayName("gives a leased job to the next claimer once its lease runs out, counting the attempt")
    void expiredLeaseIsClaimedAgain() throws Exception {
        insert(List.of("a"));
        JobQueue jobs = queue(true);
        Row first = await(jobs.claim(pool, 10, Duration.ofSeconds(1))).iterator().next();
        assertEquals(1, first.getInteger("attempts"));
        assertEquals(0, await(jobs.claim(pool, 10, Duration.ofSeconds(1))).size(), "leased: not handed out");
        Thread.sleep(1_300);
        Row again = await(jobs.claim(pool, 10, Duration.ofSeconds(1))).iterator().next();
        assertEquals(first.getLong("id"), again.getLong("id"));
        assertEquals(2, again.getInteger("attempts"));
    }

    @Test
    @DisplayName("backs off a failed job, and holds back only the later jobs of its key")
    void failedJobHoldsBackOnlyItsKey() {
        List<Long> ids = insert(List.of("a", "a", "b"));
        JobQueue jobs = queue(true);
        Set<Long> firstClaim = claimedIds(jobs);
        assertEquals(Set.of(ids.get(0), ids.get(2)), firstClaim, "one per key");
        await(jobs.retryAt(pool, ids.get(0), Instant.now().plusSeconds(60), "broker refused"));
        await(jobs.complete(pool, List.of(ids.get(2))));
        assertEquals(Set.of(), claimedIds(jobs), "a's second job waits behind its first");
        await(jobs.release(pool, ids.get(0), Instant.now().minusSeconds(1)));
        Row retried = await(jobs.claim(pool, 10, Duration.ofSeconds(30))).iterator().next();
        assertEquals(ids.get(0), retried.getLong("id"));
        assertEquals(1, retried.getInteger("attempts"), "a released job's attempt did not count");
        String error = await(pool.query("SELECT last_error FROM " + TABLE + " WHERE id = " + ids.get(0)).execute())
            .iterator().next().getString(0);
        assertEquals("broker refused", error);
    }

    private Set<Long> claimedIds(JobQueue jobs) {
        Set<Long> ids = new HashSet<>();
        await(jobs.claim(pool, 10, Duration.ofSeconds(30))).forEach(r -> ids.add(r.getLong("id")));
        return ids;
    }

    /** Claims and works batches until a claim comes back empty. */
    private Future<Void> drain(JobQueue jobs, int batch, java.util.function.Function<List<Row>, Future<?>> work) {
        return jobs.claim(pool, batch, Duration.ofSeconds(30)).compose(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            if (list.isEmpty()) {
                // Empty may mean "all held by others": look again until nothing is pending at all.
                return pool.query("SELECT count(*) FROM " + TABLE + " WHERE done_at IS NULL").execute()
                    .compose(count -> count.iterator().next().getLong(0) == 0 ? Future.succeededFuture()
                        : sleep(2).compose(v -> drain(jobs, batch, work)));
            }
            return work.apply(list).compose(v -> drain(jobs, batch, work));
        });
    }

    /** Claims batches held in a transaction each, works them in it and commits, until a claim comes back empty. */
    private Future<Void> drainHeld(JobQueue jobs, int batch,
                                   java.util.function.BiFunction<SqlConnection, List<Row>, Future<?>> work) {
        return pool.withTransaction(tx -> jobs.claimHeld(tx, batch).compose(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list.isEmpty() ? Future.succeededFuture(false) : work.apply(tx, list).map(true);
        })).compose(worked -> worked ? drainHeld(jobs, batch, work)
            : pool.query("SELECT count(*) FROM " + TABLE + " WHERE done_at IS NULL").execute()
                .compose(count -> count.iterator().next().getLong(0) == 0 ? Future.succeededFuture()
                    : sleep(2).compose(v -> drainHeld(jobs, batch, work))));
    }

    private static Set<Long> idsOf(Iterable<Row> rows) {
        Set<Long> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.getLong("id")));
        return ids;
    }

    private Future<Void> sleep(long ms) {
        return ms <= 0 ? Future.succeededFuture() : vertx.timer(ms).mapEmpty();
    }

    private List<Long> insert(List<String> keys) {
        List<Long> ids = new ArrayList<>();
        await(pool.preparedQuery("INSERT INTO " + TABLE + " (k) SELECT unnest($1::text[]) RETURNING id")
            .execute(io.vertx.sqlclient.Tuple.of(keys.toArray(new String[0])))).forEach(r -> ids.add(r.getLong(0)));
        Collections.sort(ids);
        return ids;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
