package verticles.platform.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import verticles.platform.jobs.JobQueue;
import verticles.platform.trace.CorrelationId;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The SQL of the outbox relay. The outbox is a {@link JobQueue} kept in order per record key: a
 * row is handed out only while no earlier unsent row has its key, so an order's events reach
 * Kafka in the order they were written, however many relays run.
 */
final class OutboxStore {

    private static final JobQueue QUEUE = JobQueue.in("outbox")
        .pendingWhen("{q}.sent_at IS NULL")
        .completedBy("sent_at = now(), last_error = NULL")
        .inOrderPer("record_key")
        .returning("q.id, q.topic, q.record_key, q.payload::text, q.payload->>'" + CorrelationId.EVENT_ATTRIBUTE
            + "', q.attempts")
        .build();
    private static final String PURGE_SENT = "DELETE FROM outbox WHERE sent_at < $1";
    private static final String COUNT_UNSENT = "SELECT count(*) FROM outbox WHERE sent_at IS NULL";

    /** Up to {@code limit} rows to publish, leased for {@code lease}: id, topic, key, payload, correlation id, attempts. */
    Future<RowSet<Row>> claim(SqlClient db, int limit, Duration lease) {
        return QUEUE.claim(db, limit, lease);
    }

    Future<Void> markSent(SqlClient db, List<Long> ids) {
        return QUEUE.complete(db, ids);
    }

    /** A row Kafka did not take: published again at {@code at}, after the rows of other keys. */
    Future<Void> retryAt(SqlClient db, long id, Instant at, String error) {
        return QUEUE.retryAt(db, id, at, error);
    }

    /** Deletes rows sent before {@code cutoff}; answers how many. */
    Future<Integer> purgeSentBefore(SqlClient db, Instant cutoff) {
        return db.preparedQuery(PURGE_SENT).execute(io.vertx.sqlclient.Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
            .map(RowSet::rowCount);
    }

    Future<Long> countUnsent(SqlClient db) {
        return db.query(COUNT_UNSENT).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
