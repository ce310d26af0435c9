package verticles.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What serves each operation of the API contract, by its {@code operationId}. The contract alone
 * says which method and path reach an operation, so a feature names no path and no handler can be
 * reached without the contract's check having passed its request first. A path parameter is read
 * with {@link RoutingContext#pathParam} as usual.
 */
public final class Operations {

    private final Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
    private final Map<String, List<Handler<RoutingContext>>> observers = new HashMap<>();

    /** Serves the operation; one handler an operation. */
    public Operations serve(String operationId, Handler<RoutingContext> handler) {
        if (handlers.putIfAbsent(operationId, handler) != null) {
            throw new IllegalStateException("operation " + operationId + " is served twice");
        }
        return this;
    }

    /**
     * Sees every request for the operation before its check, including those the check refuses:
     * for counting refusals and the like. An observer must not answer; it returns and the check runs.
     */
    public Operations observe(String operationId, Handler<RoutingContext> observer) {
        observers.computeIfAbsent(operationId, id -> new ArrayList<>()).add(observer);
        return this;
    }

    /** The handler serving the operation, or null when none does. */
    public Handler<RoutingContext> handler(String operationId) {
        return handlers.get(operationId);
    }

    /** The observers of the operation, in the order they were added. */
    public List<Handler<RoutingContext>> observers(String operationId) {
        return observers.getOrDefault(operationId, List.of());
    }

    /** The operations that have a handler. */
    public Set<String> served() {
        return Set.copyOf(handlers.keySet());
    }
}
