package verticles.platform.jobs;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A durable job queue in a PostgreSQL table: the one mechanism behind the outbox relay and
 * webhook deliveries. A worker claims due jobs with a lease ({@code FOR UPDATE SKIP LOCKED}, so
 * any number of workers on any number of nodes never take the same job), works them outside any
 * transaction, and then completes each, or puts it back with a backoff. A worker that dies leaves
 * its jobs leased; they come due again when the lease runs out, and are done again (at least
 * once; the consumers are idempotent).
 *
 * <p>The table has {@code id bigserial}, {@code attempts integer}, {@code next_attempt_at
 * timestamptz} (when the job is due, or until when it is leased) and {@code last_error text}.
 * A queue may keep jobs in order per key ({@link Builder#inOrderPer}): then a job is claimed only
 * while no earlier job of its key is pending, so jobs of one key are done one after another, in
 * id order, even across workers. The owning feature's store builds its queue; SQL stays with it.
 *
 * <p>Work that ends within a transaction's life (publishing to Kafka) can instead hold its jobs
 * ({@link #claimHeld}): they stay row-locked in the worker's transaction, not leased, and are
 * completed or failed in it. A job is then written once, when done, instead of twice; a worker
 * that dies rolls back, so its jobs are due again at once instead of when a lease runs out.
 */
public final class JobQueue {

    private final String claim;
    private final String complete;
    private final String retry;
    private final String release;
    private final String claimHeld;
    private final String failHeld;

    private JobQueue(Builder b) {
        String pendingC = b.pending.replace("{q}", "c");
        String inOrder = inOrder(b, "c");
        this.claim = """
            UPDATE %1$s q SET attempts = q.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
            %2$s
            WHERE %3$s q.id IN (
              SELECT c.id FROM %1$s c WHERE %4$s AND c.next_attempt_at <= now()%5$s
              ORDER BY c.next_attempt_at, c.id LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING %6$s""".formatted(b.table, b.join == null ? "" : "FROM " + b.join,
            b.joinCondition == null ? "" : b.joinCondition + " AND", pendingC, inOrder, b.returning);
        this.claimHeld = """
            SELECT %1$s FROM %2$s q %3$s
            WHERE %4$s %5$s AND q.next_attempt_at <= now()%6$s
            ORDER BY q.id LIMIT $1 FOR UPDATE OF q SKIP LOCKED""".formatted(b.returning, b.table,
            b.join == null ? "" : ", " + b.join, b.joinCondition == null ? "" : b.joinCondition + " AND",
            b.pending.replace("{q}", "q"), inOrder(b, "q"));
        this.failHeld = "UPDATE " + b.table + " SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1";
        this.complete = "UPDATE " + b.table + " SET " + b.completion + " WHERE id = ANY($1)";
        this.retry = "UPDATE " + b.table + " SET next_attempt_at = $2, last_error = $3 WHERE id = $1";
        this.release = "UPDATE " + b.table + " SET attempts = attempts - 1, next_attempt_at = $2 WHERE id = $1";
    }

    /** For an ordered queue, the condition that no earlier job of the key of the job aliased {@code alias} is pending. */
    private static String inOrder(Builder b, String alias) {
        return b.orderKey == null ? "" : """
              AND NOT EXISTS (SELECT 1 FROM %1$s e WHERE e.%2$s = %4$s.%2$s AND e.id < %4$s.id AND %3$s)"""
            .formatted(b.table, b.orderKey, b.pending.replace("{q}", "e"), alias);
    }

    /** Starts describing the queue kept in {@code table}. */
    public static Builder in(String table) {
        return new Builder(table);
    }

    /** Claims up to {@code batch} due jobs for {@code lease}, counting the attempt; answers the rows it returns. */
    public Future<RowSet<Row>> claim(SqlClient db, int batch, Duration lease) {
        return db.preparedQuery(claim).execute(Tuple.of(batch, Math.max(1.0, lease.toMillis() / 1000.0)));
    }

    /**
     * Claims up to {@code batch} due jobs, oldest first, for the life of {@code tx}: they stay
     * locked (no other worker takes them, and an ordered queue holds back their keys' later jobs)
     * until the transaction ends, and are done again if it rolls back. The attempt is not counted
     * here: {@link #failHeld} counts it.
     */
    public Future<RowSet<Row>> claimHeld(SqlConnection tx, int batch) {
        return tx.preparedQuery(claimHeld).execute(Tuple.of(batch));
    }

    /** A held job failed: its attempt counted, due again at {@code at}, the error kept for the operator. */
    public Future<Void> failHeld(SqlConnection tx, long id, Instant at, String error) {
        return tx.preparedQuery(failHeld).execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC), error)).mapEmpty();
    }

    /** Marks claimed jobs done. */
    public Future<Void> complete(SqlClient db, List<Long> ids) {
        return ids.isEmpty() ? Future.succeededFuture()
            : db.preparedQuery(complete).execute(Tuple.of(ids.toArray(new Long[0]))).mapEmpty();
    }

    /** A claimed job failed: due again at {@code at}, with the error kept for the operator. */
    public Future<Void> retryAt(SqlClient db, long id, Instant at, String error) {
        return db.preparedQuery(retry).execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC), error)).mapEmpty();
    }

    /** Puts a claimed job back untried (its attempt not counted), due again at {@code at}. */
    public Future<Void> release(SqlClient db, long id, Instant at) {
        return db.preparedQuery(release).execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    /** What a queue's table looks like. Table and column names are the owner's constants, never input. */
    public static final class Builder {
        private final String table;
        private String pending;
        private String completion;
        private String returning = "q.*";
        private String orderKey;
        private String join;
        private String joinCondition;

        private Builder(String table) {
            this.table = table;
        }

        /** The condition of a job not yet done, with {@code {q}} for the row's alias: {@code {q}.sent_at IS NULL}. */
        public Builder pendingWhen(String condition) {
            this.pending = condition;
            return this;
        }

        /** The assignments that mark a job done: {@code sent_at = now()}. */
        public Builder completedBy(String assignments) {
            this.completion = assignments;
            return this;
        }

        /** Jobs with the same value in {@code column} are claimed one at a time, oldest first. */
        public Builder inOrderPer(String column) {
            this.orderKey = column;
            return this;
        }

        /** Another table a claim returns columns of: {@code webhooks w}, joined on {@code w.id = q.webhook_id}. */
        public Builder joining(String tableAndAlias, String condition) {
            this.join = tableAndAlias;
            this.joinCondition = condition;
            return this;
        }

        /** The columns a claim answers, the job's under alias {@code q}. */
        public Builder returning(String columns) {
            this.returning = columns;
            return this;
        }

        public JobQueue build() {
            if (pending == null || completion == null) {
                throw new IllegalStateException(table + ": a queue needs its pending condition and its completion");
            }
            return new JobQueue(this);
        }
    }
}
