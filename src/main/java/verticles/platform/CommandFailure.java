package verticles.platform;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;

/**
 * A command refused for a reason the caller should hear, carrying the HTTP status it maps to.
 * Event-bus handlers fail with it; {@link #replyTo} turns it into {@code message.fail(status, …)}
 * and logs anything else as unexpected.
 */
public final class CommandFailure extends RuntimeException {

    private static final java.util.Set<String> SQL_POOL_WAITS = java.util.Set.of("Timeout waiting for connection", "Timeout");

    private final int status;

    public CommandFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static <T> Future<T> fail(int status, String message) {
        return Future.failedFuture(new CommandFailure(status, message));
    }

    /**
     * A failure that means "not now" rather than "broken": this node is busy (see
     * {@link #isBusy}), a store refuses connections, or its circuit is open. Answered 503 with
     * Retry-After, never 500.
     */
    public static boolean isOverload(Throwable failure) {
        if (isBusy(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.circuitbreaker.OpenCircuitException
                || t instanceof io.vertx.circuitbreaker.TimeoutException
                || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Too much at once: a client pool's wait queue is full, or a wait for a connection or an
     * answer timed out. Classified by type, with one exception: the SQL client fails a wait for a
     * pooled connection with a plain {@link io.vertx.core.VertxException} and no type of its own
     * ("Timeout waiting for connection" for a query on the pool, "Timeout" for a connection asked
     * of it), so those two are matched by their exact text, pinned against the real client by
     * {@code PoolWaitIT}: a client upgrade that changes them fails there, not in production.
     */
    public static boolean isBusy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof io.netty.handler.timeout.TimeoutException
                || isSqlPoolWait(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSqlPoolWait(Throwable t) {
        return t instanceof io.vertx.core.VertxException && SQL_POOL_WAITS.contains(String.valueOf(t.getMessage()));
    }

    /** Completes a request-reply exchange with the outcome of {@code work}. */
    public static <T> void replyTo(Message<?> message, Future<T> work, Logger log) {
        work.onComplete(ar -> {
            if (ar.succeeded()) {
                message.reply(ar.result());
            } else if (ar.cause() instanceof CommandFailure refused) {
                message.fail(refused.status(), refused.getMessage());
            } else if (isOverload(ar.cause())) {
                log.warn("{} refused: overloaded ({})", message.address(), ar.cause().toString());
                message.fail(503, "too busy to take this request now; retry shortly");
            } else {
                log.error("{} failed", message.address(), ar.cause());
                message.fail(500, "internal error");
            }
        });
    }
}
