package verticles.api.contract;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.Violation;
import verticles.platform.http.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored-text rule for the headers Meridian keeps or repeats on every route: the
 * idempotency key (stored with the answer), the request id and the trace context (logged, put on
 * Kafka records, echoed as {@code X-Request-Id}). A control character in one of them (any
 * character below U+0020, or DEL, which HTTP forbids in a field value) is refused with 400 naming
 * the header, before anything reads it.
 */
public final class StoredHeaders implements Handler<RoutingContext> {

    static final List<String> NAMES = List.of("Idempotency-Key", "X-Request-Id", "traceparent", "tracestate");

    @Override
    public void handle(RoutingContext rc) {
        List<Violation> violations = new ArrayList<>();
        for (String name : NAMES) {
            for (String value : rc.request().headers().getAll(name)) {
                String fault = value.indexOf('\u007f') >= 0 ? "holds the control character U+007F, which is not accepted"
                    : StoredText.fault(value, false);
                if (fault != null) {
                    violations.add(new Violation(name, fault));
                }
            }
        }
        if (violations.isEmpty()) {
            rc.next();
        } else {
            Problem.invalid(rc, "a header holds a control character; nothing of the request was done", violations);
        }
    }
}
