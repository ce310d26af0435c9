package verticles.platform;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;
import java.util.Set;

/**
 * Tells a failure that time may cure from one it never will, for a consumer deciding whether to
 * wait and retry a batch or to look for the record that breaks it.
 *
 * <p><b>Transient</b> (wait, retry the whole batch, forever): a store or broker unreachable,
 * closing or restarting (a refused or dropped connection, any I/O error, an open circuit
 * breaker, a timeout, a full pool, a connection or pool closed under it), PostgreSQL's connection, resource, operator and
 * serialization classes (SQLSTATE 08, 40, 53, 55P03, 57, 58), Redis busy, loading or failing
 * over, Kafka's retriable errors, and an event-bus request nobody answered in time or that
 * answered 503.
 *
 * <p><b>Permanent</b> (everything else): PostgreSQL refusing the data itself (SQLSTATE 22 data
 * exception, 23 constraint, 42 a statement it cannot run), a record of the wrong shape or type
 * (a {@code ClassCastException}, {@code NullPointerException}, parse error: a bug or a poison
 * record), an event-bus command answered 500 or 4xx. The batch is tried a few more times, then
 * split until the records at fault stand alone; those go to the dead letters.
 */
public final class Failures {

    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("55P03", "25006");
    private static final Set<String> TRANSIENT_REDIS = Set.of("CONNECTION_CLOSED", "LOADING", "BUSY", "TRYAGAIN",
        "CLUSTERDOWN", "MASTERDOWN", "READONLY", "NOREPLICAS", "NOSCRIPT", "MOVED", "ASK");

    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        if (CommandFailure.isOverload(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.VertxException && t.getMessage() != null
                && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("closed")) {
                // "Connection is closed", "Pool closed": the clients' way of saying the link went away.
                return true;
            }
            if (t instanceof IOException || t instanceof ClosedConnectionException
                || t instanceof org.apache.kafka.common.errors.RetriableException
                || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
            if (t instanceof DatabaseException db && db.getSqlState() != null) {
                String state = db.getSqlState();
                return TRANSIENT_SQL_STATES.contains(state)
                    || state.length() >= 2 && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2));
            }
            if (t instanceof ReplyException reply) {
                return reply.failureType() != ReplyFailure.RECIPIENT_FAILURE
                    || reply.failureCode() == 503 || reply.failureCode() == 429;
            }
            if (t instanceof io.vertx.redis.client.Response && t.getMessage() != null) {
                String code = t.getMessage().split(" ", 2)[0];
                return TRANSIENT_REDIS.contains(code);
            }
        }
        return false;
    }
}
