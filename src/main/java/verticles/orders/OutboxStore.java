package verticles.orders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.platform.trace.CorrelationId;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The SQL of the outbox relay: one relay at a time, the unsent rows in order, marking them sent, purging old ones. */
final class OutboxStore {

    private static final long RELAY_LOCK_ID = 0x6f7574626f78L; // "outbox"
    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK_ID + ")";
    private static final String SELECT_UNSENT =
        "SELECT id, topic, record_key, payload::text, payload->>'" + CorrelationId.EVENT_ATTRIBUTE + "' FROM outbox "
            + "WHERE sent_at IS NULL ORDER BY id LIMIT $1";
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1)";
    private static final String PURGE_SENT = "DELETE FROM outbox WHERE sent_at < $1";
    private static final String COUNT_UNSENT = "SELECT count(*) FROM outbox WHERE sent_at IS NULL";

    /**
     * Whether this transaction is the relay now: one relay publishes at a time across the cluster,
     * so rows go out in the order they were written. The lock ends with the transaction.
     */
    Future<Boolean> tryToRelay(SqlClient tx) {
        return tx.query(TRY_LOCK).execute().map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Up to {@code limit} unsent rows, oldest first: id, topic, key, payload, correlation id. */
    Future<RowSet<Row>> unsent(SqlClient tx, int limit) {
        return tx.preparedQuery(SELECT_UNSENT).execute(Tuple.of(limit));
    }

    Future<Void> markSent(SqlClient tx, List<Long> ids) {
        return tx.preparedQuery(MARK_SENT).execute(Tuple.of(ids.toArray(new Long[0]))).mapEmpty();
    }

    /** Deletes rows sent before {@code cutoff}; answers how many. */
    Future<Integer> purgeSentBefore(SqlClient db, Instant cutoff) {
        return db.preparedQuery(PURGE_SENT).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).map(RowSet::rowCount);
    }

    Future<Long> countUnsent(SqlClient db) {
        return db.query(COUNT_UNSENT).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
