package verticles.platform.maintenance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes old rows a batch at a time, each batch a statement of its own, so no purge holds locks
 * or a transaction for long and the table's other users hardly notice it, however much is due.
 */
public final class BatchedPurge {

    /** Rows per statement. */
    public static final int BATCH = 1_000;

    private BatchedPurge() {
    }

    /**
     * Runs {@code delete} (which deletes at most {@code $1} rows, with {@code args} as {@code $2}
     * onwards) until a batch deletes fewer than {@link #BATCH}; answers how many rows went.
     */
    public static Future<Long> run(Pool pool, String delete, Object... args) {
        return batch(pool, delete, args, 0L);
    }

    private static Future<Long> batch(Pool pool, String delete, Object[] args, long sofar) {
        List<Object> params = new ArrayList<>(List.of((Object) BATCH));
        params.addAll(java.util.Arrays.asList(args));
        return pool.preparedQuery(delete).execute(Tuple.from(params)).compose(rows -> rows.rowCount() < BATCH
            ? Future.succeededFuture(sofar + rows.rowCount())
            : batch(pool, delete, args, sofar + rows.rowCount()));
    }
}
