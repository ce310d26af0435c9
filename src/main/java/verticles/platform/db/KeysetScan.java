package verticles.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Walks a whole table page by page without holding a transaction or an offset: each page starts
 * after the last id of the one before. For jobs over every row, such as rebuilding a cache.
 */
public final class KeysetScan {

    private KeysetScan() {
    }

    /**
     * Runs {@code sql}, which takes the last id seen as {@code $1} (empty text at first) and the
     * page size as {@code $2}, and answers rows ordered by an {@code id} text column; each page
     * is handed to {@code each}, the next is read once it is done. Answers the number of rows.
     */
    public static Future<Long> run(Pool pool, String sql, int pageSize, Function<RowSet<Row>, Future<?>> each) {
        return page(pool, sql, pageSize, each, "", 0L);
    }

    private static Future<Long> page(Pool pool, String sql, int pageSize, Function<RowSet<Row>, Future<?>> each,
                                     String after, long seen) {
        return pool.preparedQuery(sql).execute(Tuple.of(after, pageSize)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(seen);
            }
            String last = null;
            for (Row row : rows) {
                last = row.getString("id");
            }
            String next = last;
            return each.apply(rows).compose(done -> rows.size() < pageSize ? Future.succeededFuture(seen + rows.size())
                : page(pool, sql, pageSize, each, next, seen + rows.size()));
        });
    }
}
