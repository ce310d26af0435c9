package verticles.platform.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps a table range-partitioned by a time column in shape: partitions made ahead of time, whole
 * partitions dropped once all their rows are past the retention, so no large {@code DELETE} ever
 * runs. The table must have a default partition named {@code <table>_default}; it catches any
 * row whose partition is missing (an insert never fails for want of one), and a partition made
 * later takes its strays from it.
 * <p>
 * Locks: a partition is made apart from the table and attached, which locks the table only
 * against other schema changes, never against inserts or reads. Dropping one needs the table to
 * itself for an instant; each statement waits at most {@link #LOCK_TIMEOUT} for its locks and
 * gives up otherwise (the next run tries again), so nothing queues behind it for longer.
 */
public final class TimePartitions {

    static final Duration LOCK_TIMEOUT = Duration.ofMillis(100);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd_HHmm").withZone(ZoneOffset.UTC);
    private static final String PARTITIONS = """
        SELECT c.relname,
               (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS lower,
               (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'""";

    private final String table;
    private final String column;

    /** {@code table} is partitioned by range on the timestamptz {@code column}. */
    public TimePartitions(String table, String column) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(column).matches()) {
            throw new IllegalArgumentException("not a plain table and column name: " + table + "." + column);
        }
        this.table = table;
        this.column = column;
    }

    public String table() {
        return table;
    }

    /** The partitions there are now (the default one aside), by name. */
    public Future<List<Named>> partitions(SqlClient db) {
        return db.preparedQuery(PARTITIONS).execute(Tuple.of(table)).map(rows -> {
            List<Named> found = new ArrayList<>();
            for (Row row : rows) {
                OffsetDateTime lower = row.getOffsetDateTime("lower");
                found.add(new Named(row.getString("relname"), new PartitionPlan.Range(
                    lower == null ? null : lower.toInstant(), row.getOffsetDateTime("upper").toInstant())));
            }
            return found;
        });
    }

    /**
     * Makes the partitions the retention and look-ahead call for and drops the expired ones, then
     * deletes any stray in the default partition that is past the retention. Answers what it did:
     * {@code created}, {@code dropped} (names), {@code strays} (rows), {@code partitions} (how many
     * there are now) and {@code oldest} (the start of the oldest partition holding rows, or null).
     */
    public Future<JsonObject> upkeep(Pool pool, Instant now, Duration retention, Duration size, Duration ahead) {
        JsonArray created = new JsonArray();
        JsonArray dropped = new JsonArray();
        return partitions(pool).compose(existing -> {
            PartitionPlan plan = PartitionPlan.of(existing.stream().map(Named::range).toList(), now, retention, size, ahead);
            Future<Void> done = Future.succeededFuture();
            for (PartitionPlan.Range range : plan.create()) {
                done = done.compose(v -> create(pool, range)).map(name -> {
                    created.add(name);
                    return null;
                });
            }
            for (Named old : existing) {
                if (plan.drop().contains(old.range())) {
                    done = done.compose(v -> drop(pool, old.name())).map(v -> {
                        dropped.add(old.name());
                        return null;
                    });
                }
            }
            return done;
        })
            .compose(v -> pool.query("DELETE FROM " + table + "_default WHERE " + column + " < " + literal(now.minus(retention)))
                .execute())
            .compose(strays -> partitions(pool).compose(remaining -> oldestHolding(pool, remaining).map(oldest ->
                new JsonObject().put("table", table).put("created", created).put("dropped", dropped)
                    .put("strays", strays.rowCount()).put("partitions", remaining.size())
                    .put("oldest", oldest == null ? null : oldest.toString()))));
    }

    /**
     * The start of the oldest partition that holds any row, or null: the oldest row is at most one
     * partition younger. (Its exact time would take a scan of that partition: the time column
     * comes second in the key.)
     */
    private Future<Instant> oldestHolding(SqlClient db, List<Named> partitions) {
        List<Named> oldestFirst = partitions.stream()
            .sorted(java.util.Comparator.comparing(n -> n.range().to())).toList();
        Future<Instant> found = Future.succeededFuture();
        for (Named p : oldestFirst) {
            found = found.compose(earlier -> earlier != null ? Future.succeededFuture(earlier)
                : db.query("SELECT EXISTS (SELECT 1 FROM " + p.name() + ")").execute()
                    .map(rows -> rows.iterator().next().getBoolean(0)
                        ? (p.range().from() == null ? Instant.EPOCH : p.range().from()) : null));
        }
        return found;
    }

    /** Makes the partition for {@code range} apart, moves its strays in from the default partition, then attaches it. */
    Future<String> create(Pool pool, PartitionPlan.Range range) {
        String name = table + "_p" + SUFFIX.format(range.from());
        String within = column + " >= " + literal(range.from()) + " AND " + column + " < " + literal(range.to());
        return pool.withTransaction(tx -> tx.query(lockTimeout()).execute()
            .compose(v -> tx.query("CREATE TABLE " + name + " (LIKE " + table + " INCLUDING DEFAULTS)").execute())
            // The check lets the attachment skip scanning the new partition for rows out of range.
            .compose(v -> tx.query("ALTER TABLE " + name + " ADD CONSTRAINT " + name + "_range CHECK (" + within + ")")
                .execute())
            .compose(v -> tx.query("WITH moved AS (DELETE FROM " + table + "_default WHERE " + within
                + " RETURNING *) INSERT INTO " + name + " SELECT * FROM moved").execute())
            .compose(v -> tx.query("ALTER TABLE " + table + " ATTACH PARTITION " + name + " FOR VALUES FROM ("
                + literal(range.from()) + ") TO (" + literal(range.to()) + ")").execute())
            .map(name));
    }

    Future<Void> drop(Pool pool, String name) {
        return pool.withTransaction(tx -> tx.query(lockTimeout()).execute()
            .compose(v -> tx.query("DROP TABLE " + name).execute())
            .mapEmpty());
    }

    private static String lockTimeout() {
        return "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT.toMillis() + "ms'";
    }

    /** An instant as an SQL literal; {@link Instant#toString()} holds no quote. */
    private static String literal(Instant at) {
        return "'" + at + "'::timestamptz";
    }

    /** A partition and its bounds. */
    public record Named(String name, PartitionPlan.Range range) {
    }
}
