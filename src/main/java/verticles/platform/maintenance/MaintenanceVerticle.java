package verticles.platform.maintenance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.metrics.Meters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs every feature's {@link Upkeep} every {@code maintenance.interval}, and at once when the
 * admin route asks. One node at a time: a run holds a PostgreSQL advisory lock for its length,
 * and a node that finds it held skips its turn (or, asked by the route, answers 409). A failed
 * upkeep is reported and logged; the others still run.
 */
public final class MaintenanceVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceVerticle.class);
    static final long LOCK_ID = 0x6d61696e74656e6eL; // "maintenn"

    private final List<Upkeep> upkeeps = load();
    private final Map<String, Instant> oldest = new ConcurrentHashMap<>();
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();
    private final Map<String, Counter> purged = new ConcurrentHashMap<>();
    private MeridianConfig config;
    private MeterRegistry registry;
    private Pool pool;
    private MessageConsumer<JsonObject> runs;
    private long timer;
    private volatile double lastRunSeconds;

    @Override
    public Future<?> start() {
        config = MeridianConfig.of(config());
        registry = Meters.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "maintenance");
        Gauge.builder("meridian.maintenance.last.run.seconds", () -> lastRunSeconds)
            .description("how long the last maintenance run on this node took").baseUnit("seconds").register(registry);
        runs = vertx.eventBus().consumer(Addresses.MAINTENANCE_RUN, m -> CommandFailure.replyTo(m, runNow(), LOG));
        timer = vertx.setPeriodic(1_000, config.get(Keys.MAINTENANCE_INTERVAL).toMillis(), id -> runNow()
            .onFailure(e -> {
                if (!(e instanceof CommandFailure busy && busy.status() == 409)) {
                    LOG.warn("maintenance run failed: {}", e.toString());
                }
            }));
        return runs.completion();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return runs.unregister().eventually(pool::close);
    }

    /** One run, unless another node is in one: then a 409. */
    Future<JsonObject> runNow() {
        return pool.getConnection().compose(lockHolder -> lockHolder
            .query("SELECT pg_try_advisory_lock(" + LOCK_ID + ")").execute()
            .compose(rows -> rows.iterator().next().getBoolean(0)
                ? runLocked().eventually(() -> lockHolder.query("SELECT pg_advisory_unlock(" + LOCK_ID + ")").execute())
                : CommandFailure.<JsonObject>fail(409, "the maintenance is running already (here or on another node); try again shortly"))
            .eventually(lockHolder::close));
    }

    private Future<JsonObject> runLocked() {
        Instant now = Instant.now();
        long started = System.nanoTime();
        JsonArray reports = new JsonArray();
        Future<Void> chain = Future.succeededFuture();
        for (Upkeep upkeep : upkeeps) {
            chain = chain.compose(v -> upkeep.run(pool, config, now)
                .map(tables -> {
                    tables.forEach(report -> {
                        record(report);
                        reports.add(report);
                    });
                    return (Void) null;
                })
                .recover(e -> {
                    LOG.warn("upkeep {} failed: {}", upkeep.getClass().getSimpleName(), e.toString());
                    reports.add(new JsonObject().put("upkeep", upkeep.getClass().getSimpleName()).put("error", e.toString()));
                    return Future.succeededFuture();
                }));
        }
        return chain.map(v -> {
            lastRunSeconds = (System.nanoTime() - started) / 1e9;
            LOG.info("maintenance ran in {} ms: {}", Math.round(lastRunSeconds * 1000), reports.encode());
            return new JsonObject().put("ranAt", now.toString()).put("tookMillis", Math.round(lastRunSeconds * 1000))
                .put("tables", reports);
        });
    }

    /** Keeps the report's figures for the metrics; a table's meters are made on its first report. */
    private void record(JsonObject report) {
        String table = report.getString("table");
        if (table == null) {
            return;
        }
        purged.computeIfAbsent(table, t -> Counter.builder("meridian.maintenance.purged")
                .description("rows the maintenance deleted (partitions dropped whole are not counted here)")
                .tag("table", t).register(registry))
            .increment(report.getLong("purged", 0L) + report.getLong("strays", 0L));
        if (report.containsKey("partitions")) {
            if (partitions.put(table, report.getInteger("partitions")) == null) {
                Gauge.builder("meridian.history.partitions", () -> partitions.getOrDefault(table, 0))
                    .description("partitions a time-partitioned table has").tag("table", table).register(registry);
                Gauge.builder("meridian.history.oldest.age.seconds", () -> ageOf(table))
                    .description("age of the start of the oldest partition that holds rows (0 when empty)")
                    .baseUnit("seconds").tag("table", table).register(registry);
            }
            String at = report.getString("oldest");
            if (at == null) {
                oldest.remove(table);
            } else {
                oldest.put(table, Instant.parse(at));
            }
        }
    }

    private double ageOf(String table) {
        Instant at = oldest.get(table);
        return at == null ? 0 : Duration.between(at, Instant.now()).toMillis() / 1000.0;
    }

    private static List<Upkeep> load() {
        List<Upkeep> found = new ArrayList<>();
        ServiceLoader.load(Upkeep.class, Upkeep.class.getClassLoader()).forEach(found::add);
        found.sort((a, b) -> a.getClass().getName().compareTo(b.getClass().getName()));
        return List.copyOf(found);
    }
}
