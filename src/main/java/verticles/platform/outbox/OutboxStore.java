package verticles.platform.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import verticles.platform.jobs.JobQueue;
import verticles.platform.trace.CorrelationId;

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

    /**
     * Up to {@code limit} rows to publish, held by {@code tx} until it ends: id, topic, key,
     * payload, correlation id, attempts.
     */
    Future<RowSet<Row>> claim(SqlConnection tx, int limit) {
        return QUEUE.claimHeld(tx, limit);
    }

    Future<Void> markSent(SqlConnection tx, List<Long> ids) {
        return QUEUE.complete(tx, ids);
    }

    /** A row Kafka did not take: published again at {@code at}, holding back only the later rows of its key. */
    Future<Void> retryAt(SqlConnection tx, long id, Instant at, String error) {
        return QUEUE.failHeld(tx, id, at, error);
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
