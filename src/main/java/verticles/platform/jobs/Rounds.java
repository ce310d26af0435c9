package verticles.platform.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Rounds of durable work (publish unsent outbox rows, send due webhook deliveries), one at a
 * time: a request while a round runs makes exactly one more round after it, and a round that
 * handled anything runs again at once, since more may be waiting (a round takes a limited batch,
 * and an ordered queue hands out one job per key at a time); an empty round ends it. A failed
 * round is reported and not repeated: the work stays durable, and the next request or poll
 * picks it up. Confined to the event loop of its owner.
 */
public final class Rounds {

    private final Supplier<Future<Integer>> round;
    private final Consumer<Throwable> onFailure;
    private boolean running;
    private boolean again;
    private boolean stopped;
    private Promise<Void> idle = Promise.promise();

    /** {@code round} does one round and answers how many items it handled. */
    public Rounds(Supplier<Future<Integer>> round, Consumer<Throwable> onFailure) {
        this.round = round;
        this.onFailure = onFailure;
        idle.complete();
    }

    /** Runs a round now, or once more after the one running. */
    public void request() {
        if (stopped) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        idle = Promise.promise();
        round.get().onComplete(ar -> {
            running = false;
            idle.tryComplete();
            if (ar.failed()) {
                onFailure.accept(ar.cause());
            } else if (again || ar.result() > 0) {
                again = false;
                request();
            }
        });
    }

    /** Starts no more rounds; completes when the round running, if any, has ended. */
    public Future<Void> stop() {
        stopped = true;
        return idle.future();
    }
}
