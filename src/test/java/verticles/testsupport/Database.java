package verticles.testsupport;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.concurrent.TimeUnit;

/** Reads the real PostgreSQL directly, to check what a request did or did not write. */
public final class Database implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Pool pool;

    public Database(RealInfrastructure.Infrastructure infra) {
        pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(infra.pgUrl())).using(vertx).build();
    }

    public long count(String sql, Object... params) throws Exception {
        return pool.preparedQuery(sql).execute(Tuple.from(params))
            .map(rows -> rows.iterator().next().getLong(0))
            .await(10, TimeUnit.SECONDS);
    }

    /**
     * An aggregate of the shipments' location history, for example {@code count(*)} (every stored
     * fix) or {@code count(DISTINCT (shipment_id, recorded_at))} (every fix once); unchecked: never
     * fails, so it can be polled.
     */
    public long history(String aggregate, java.util.List<String> shipmentIds) {
        try {
            return count("SELECT " + aggregate + " FROM location_history WHERE shipment_id = ANY($1)",
                (Object) shipmentIds.toArray(new String[0]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, read as an instant. */
    public java.util.List<java.time.Instant> instants(String sql, Object... params) throws Exception {
        return pool.preparedQuery(sql).execute(Tuple.from(params))
            .map(rows -> {
                java.util.List<java.time.Instant> out = new java.util.ArrayList<>();
                rows.forEach(r -> out.add(r.getOffsetDateTime(0).toInstant()));
                return out;
            })
            .await(10, TimeUnit.SECONDS);
    }

    /** Every row, each column read as text (null stays null). */
    public java.util.List<String[]> rows(String sql, Object... params) throws Exception {
        return pool.preparedQuery(sql).execute(Tuple.from(params))
            .map(rows -> {
                java.util.List<String[]> out = new java.util.ArrayList<>();
                rows.forEach(r -> {
                    String[] row = new String[r.size()];
                    for (int i = 0; i < row.length; i++) {
                        Object value = r.getValue(i);
                        row[i] = value == null ? null : value.toString();
                    }
                    out.add(row);
                });
                return out;
            })
            .await(10, TimeUnit.SECONDS);
    }

    /** Runs a statement that changes rows; answers how many it changed. */
    public int update(String sql, Object... params) throws Exception {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(r -> r.rowCount()).await(10, TimeUnit.SECONDS);
    }

    /**
     * Takes {@code EXCLUSIVE} locks on the tables in a transaction of its own and holds them
     * until the answer is closed: every write to them waits, reads go on. For tests that need a
     * write to be slow at a moment of their choosing.
     */
    public AutoCloseable lock(String... tables) throws Exception {
        io.vertx.sqlclient.SqlConnection connection = pool.getConnection().await(10, TimeUnit.SECONDS);
        io.vertx.sqlclient.Transaction tx = connection.begin().await(10, TimeUnit.SECONDS);
        connection.query("LOCK TABLE " + String.join(", ", tables) + " IN EXCLUSIVE MODE").execute()
            .await(10, TimeUnit.SECONDS);
        return () -> tx.rollback().eventually(connection::close).await(10, TimeUnit.SECONDS);
    }

    /** Holds the advisory lock {@code key} in a transaction of its own until the answer is closed. */
    public AutoCloseable holdAdvisoryLock(long key) throws Exception {
        io.vertx.sqlclient.SqlConnection connection = pool.getConnection().await(10, TimeUnit.SECONDS);
        io.vertx.sqlclient.Transaction tx = connection.begin().await(10, TimeUnit.SECONDS);
        connection.query("SELECT pg_advisory_xact_lock(" + key + ")").execute().await(10, TimeUnit.SECONDS);
        return () -> tx.rollback().eventually(connection::close).await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        pool.close();
        vertx.close();
    }
}
