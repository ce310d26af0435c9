package verticles.platform.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History partitioned by time, on the real PostgreSQL, each test in a database of its own: the
 * migration turns a filled V7 database's history into partitions in place, partitions are made
 * ahead across a day boundary, and retention drops whole partitions while inserts go on.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Time-partitioned history")
class TimePartitionsIT {

    private static final Duration DAY = Duration.ofDays(1);
    private static final TimePartitions LOCATIONS = new TimePartitions("location_history", "recorded_at");
    private static final TimePartitions CHECKPOINTS = new TimePartitions("checkpoints", "at");

    private final Vertx vertx = Vertx.vertx();
    private Infrastructure infra;
    private Pool admin;

    @BeforeAll
    void connect(Infrastructure infra) {
        this.infra = infra;
        admin = pool(PgConnectOptions.fromUri(infra.pgUrl()));
    }

    @AfterAll
    void close() throws Exception {
        admin.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("the migration partitions a filled database in place, losing and copying nothing")
    void migratesFilledHistoryInPlace() throws Exception {
        Pool db = freshDatabase();
        try {
            List<String> all = Migrations.discover();
            List<String> upToV7 = all.stream().filter(n -> Migrations.version(n) <= 7).toList();
            await(Migrator.migrate(vertx, db, upToV7));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Instant tomorrow = now.truncatedTo(ChronoUnit.DAYS).plus(DAY);
            // Ten days of fixes for three shipments, and one fix from a clock a day and a half ahead.
            List<Instant> times = new ArrayList<>();
            for (int hour = 0; hour < 240; hour += 5) {
                times.add(now.minus(Duration.ofHours(hour)));
            }
            times.add(tomorrow.plus(Duration.ofHours(12)));
            for (String shipment : List.of("shp_a", "shp_b", "shp_c")) {
                for (Instant t : times) {
                    await(db.preparedQuery("INSERT INTO location_history (shipment_id, recorded_at, lat, lon, received_at) "
                        + "VALUES ($1, $2, 52.5, 13.4, now())").execute(Tuple.of(shipment, utc(t))));
                }
                await(db.preparedQuery("INSERT INTO checkpoints (shipment_id, at, type, facility, received_at) "
                    + "VALUES ($1, $2, 'ARRIVED', 'Berlin hub', now())").execute(Tuple.of(shipment, utc(now.minus(DAY)))));
            }
            Map<String, Long> before = fingerprint(db);

            assertEquals(all.size() - upToV7.size(), await(Migrator.migrate(vertx, db, all)));

            assertEquals(before, fingerprint(db), "every row is still there, unchanged");
            Map<String, PartitionPlan.Range> partitions = byName(await(LOCATIONS.partitions(db)));
            assertEquals(Map.of("location_history_legacy", new PartitionPlan.Range(times.get(times.size() - 2), tomorrow)),
                partitions, "the old table is the one partition, from its oldest row to tomorrow");
            assertEquals(3, count(db, "SELECT count(*) FROM location_history_default"), "the fixes from ahead of the cutoff");
            assertEquals(1, await(CHECKPOINTS.partitions(db)).size());

            // The first upkeep makes the partitions ahead and takes the strays in from the default one.
            JsonObject first = await(LOCATIONS.upkeep(db, now, Duration.ofDays(30), DAY, Duration.ofDays(3)));
            assertEquals(0, count(db, "SELECT count(*) FROM location_history_default"), first.encode());
            assertEquals(3, count(db, "SELECT count(*) FROM location_history_p" + suffix(tomorrow)), first.encode());
            assertEquals(before, fingerprint(db));
            assertEquals(times.get(times.size() - 2).toString(), first.getString("oldest"));

            // Once every row of it is past the retention, the old table goes whole.
            JsonObject later = await(LOCATIONS.upkeep(db, tomorrow.plus(Duration.ofDays(31)), Duration.ofDays(30), DAY,
                Duration.ofDays(3)));
            assertTrue(later.getJsonArray("dropped").contains("location_history_legacy"), later.encode());
            assertEquals(0, count(db, "SELECT count(*) FROM location_history WHERE recorded_at < '" + tomorrow + "'"));
        } finally {
            db.close();
        }
    }

    @Test
    @DisplayName("partitions are made ahead across a day boundary, and each fix lands in its own day's")
    void partitionsAcrossADayBoundary() throws Exception {
        Pool db = migratedDatabase();
        try {
            Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(DAY);
            Instant justBefore = midnight.minusNanos(1_000);
            JsonObject done = await(LOCATIONS.upkeep(db, midnight.minusSeconds(30), Duration.ofDays(2), DAY, DAY));
            assertTrue(done.getJsonArray("created").contains("location_history_p" + suffix(midnight.minus(DAY))), done.encode());
            assertTrue(done.getJsonArray("created").contains("location_history_p" + suffix(midnight)), done.encode());
            insertFix(db, "shp_boundary", justBefore);
            insertFix(db, "shp_boundary", midnight);
            Map<Instant, String> landed = new TreeMap<>();
            for (Row row : await(db.query("SELECT recorded_at, tableoid::regclass::text FROM location_history "
                    + "WHERE shipment_id = 'shp_boundary'").execute())) {
                landed.put(row.getOffsetDateTime(0).toInstant(), row.getString(1));
            }
            assertEquals(Map.of(justBefore, "location_history_p" + suffix(midnight.minus(DAY)),
                midnight, "location_history_p" + suffix(midnight)), landed);

            // Run again: nothing to make, nothing to drop.
            JsonObject again = await(LOCATIONS.upkeep(db, midnight.minusSeconds(20), Duration.ofDays(2), DAY, DAY));
            assertEquals(0, again.getJsonArray("created").size(), again.encode());
            assertEquals(0, again.getJsonArray("dropped").size(), again.encode());
        } finally {
            db.close();
        }
    }

    @Test
    @DisplayName("retention drops whole partitions while fixes keep being inserted, and no insert fails or waits long")
    void dropsUnderConcurrentInserts() throws Exception {
        Pool db = migratedDatabase();
        try {
            Duration minute = Duration.ofMinutes(1);
            Instant now = Instant.now();
            await(LOCATIONS.upkeep(db, now.minus(Duration.ofMinutes(30)), Duration.ofMinutes(40), minute, Duration.ofMinutes(40)));
            for (int m = 29; m >= 1; m--) {
                insertFix(db, "shp_old", now.minus(Duration.ofMinutes(m)));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger inserted = new AtomicInteger();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            AtomicReference<Long> slowest = new AtomicReference<>(0L);
            Thread writer = new Thread(() -> {
                int i = 0;
                while (running.get() && failed.get() == null) {
                    long start = System.nanoTime();
                    try {
                        insertFix(db, "shp_live_" + (i++ % 50), Instant.now().truncatedTo(ChronoUnit.MICROS).plusNanos(i * 1000L));
                        inserted.incrementAndGet();
                        slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                }
            });
            writer.start();
            Thread.sleep(300);
            JsonObject done = await(LOCATIONS.upkeep(db, now, Duration.ofMinutes(10), minute, Duration.ofMinutes(5)));
            Thread.sleep(300);
            running.set(false);
            writer.join(10_000);
            assertNull(failed.get(), () -> "an insert failed: " + failed.get());
            assertTrue(inserted.get() > 50, "the writer kept writing: " + inserted.get());
            assertTrue(done.getJsonArray("dropped").size() >= 18, done.encode());
            assertEquals(0, count(db, "SELECT count(*) FROM location_history WHERE recorded_at < $1",
                utc(now.minus(Duration.ofMinutes(11)))), "nothing older than the retention and its partition is left");
            assertTrue(slowest.get() < 1_000, "the slowest insert took " + slowest.get() + " ms");
        } finally {
            db.close();
        }
    }

    private Pool migratedDatabase() throws Exception {
        Pool db = freshDatabase();
        await(Migrator.migrate(vertx, db, Migrations.discover()));
        return db;
    }

    private Pool freshDatabase() throws Exception {
        String name = "partitions_" + UUID.randomUUID().toString().replace("-", "");
        await(admin.query("CREATE DATABASE " + name).execute());
        PgConnectOptions options = PgConnectOptions.fromUri(infra.pgUrl()).setDatabase(name);
        return pool(options);
    }

    private Pool pool(PgConnectOptions options) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
    }

    private static void insertFix(Pool db, String shipment, Instant at) throws Exception {
        await(db.preparedQuery("INSERT INTO location_history (shipment_id, recorded_at, lat, lon, received_at) "
            + "VALUES ($1, $2, 52.5, 13.4, now())").execute(Tuple.of(shipment, utc(at))));
    }

    /** Rows per table and a checksum of their keys: equal before and after means nothing was lost or changed. */
    private static Map<String, Long> fingerprint(Pool db) throws Exception {
        return Map.of(
            "locations", count(db, "SELECT count(*) FROM location_history"),
            "locationKeys", count(db, "SELECT coalesce(sum(hashtext(shipment_id || recorded_at::text)), 0) FROM location_history"),
            "checkpoints", count(db, "SELECT count(*) FROM checkpoints"));
    }

    private static long count(Pool db, String sql, Object... params) throws Exception {
        return await(db.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    private static Map<String, PartitionPlan.Range> byName(List<TimePartitions.Named> partitions) {
        Map<String, PartitionPlan.Range> out = new TreeMap<>();
        partitions.forEach(p -> out.put(p.name(), p.range()));
        return out;
    }

    private static String suffix(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd_HHmm").withZone(ZoneOffset.UTC).format(at);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.await(60, TimeUnit.SECONDS);
    }
}
