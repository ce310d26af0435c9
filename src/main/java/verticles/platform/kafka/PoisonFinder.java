package verticles.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Failures;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs a consumer's handler on a batch so that no poison record can hold up the rest. A failure
 * time may cure ({@link Failures#isTransient}) fails the batch at once, to be waited for and
 * retried whole. Any other failure is tried again {@value #WHOLE_ATTEMPTS} times in all, then the
 * batch is split in halves, in order, and each half again, until every record that still fails
 * stands alone: it is {@linkplain Incoming#reject rejected} (the dead letters get it with the
 * error) and everything else is handled.
 */
final class PoisonFinder {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonFinder.class);
    /** How often a batch failing for a permanent reason is tried whole before it is split. */
    static final int WHOLE_ATTEMPTS = 3;

    private final Vertx vertx;
    private final String name;
    private final Function<List<Incoming>, Future<Void>> handler;
    private final BooleanSupplier stopping;

    PoisonFinder(Vertx vertx, String name, Function<List<Incoming>, Future<Void>> handler, BooleanSupplier stopping) {
        this.vertx = vertx;
        this.name = name;
        this.handler = handler;
        this.stopping = stopping;
    }

    /** Handles the batch, rejecting its poison records; fails only on a transient failure. */
    Future<Void> handle(List<Incoming> batch, String correlationIds) {
        return whole(batch, 1, correlationIds);
    }

    private Future<Void> whole(List<Incoming> batch, int attempt, String correlationIds) {
        return apply(batch).recover(failure -> {
            if (stopping.getAsBoolean() || Failures.isTransient(failure)) {
                return Future.failedFuture(failure);
            }
            if (attempt < WHOLE_ATTEMPTS) {
                LOG.atWarn().addKeyValue("correlationIds", correlationIds)
                    .log("{}: batch of {} failed for a reason a retry may not cure (attempt {} of {}): {}", name,
                        batch.size(), attempt, WHOLE_ATTEMPTS, failure.toString());
                Promise<Void> pause = Promise.promise();
                vertx.setTimer(100L * attempt, t -> pause.complete());
                return pause.future().compose(v -> whole(batch, attempt + 1, correlationIds));
            }
            LOG.atWarn().addKeyValue("correlationIds", correlationIds)
                .log("{}: batch of {} still fails ({}); splitting it to find the records at fault", name, batch.size(),
                    failure.toString());
            return isolate(batch);
        });
    }

    /** {@code records} handled whole, or else each half in order, down to single records that are rejected. */
    private Future<Void> isolate(List<Incoming> records) {
        return apply(records).recover(failure -> {
            if (stopping.getAsBoolean() || Failures.isTransient(failure)) {
                return Future.failedFuture(failure);
            }
            if (records.size() == 1) {
                records.get(0).reject("fails on its own for a reason a retry cannot cure: " + failure);
                return Future.succeededFuture();
            }
            int half = records.size() / 2;
            return isolate(records.subList(0, half)).compose(v -> isolate(records.subList(half, records.size())));
        });
    }

    /** The handler's future for {@code records}; a handler that throws fails the future. */
    private Future<Void> apply(List<Incoming> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        try {
            return handler.apply(records);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
