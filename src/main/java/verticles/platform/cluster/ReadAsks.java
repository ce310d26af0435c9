package verticles.platform.cluster;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads asked over the clustered event bus, asked again when a member of the cluster leaves.
 *
 * <p>A request sent to a member that has just died is lost without a word: Vert.x fails it only
 * when its timeout ends, and until the survivors drop the dead member's consumers, some of the
 * requests sent in that time still go to it. A read is safe to ask twice, so a read that was
 * waiting when a member left, or that is asked while the cluster settles after that, is asked
 * again every {@link #RESEND_MS} ms until an answer comes; the first answer wins, within the
 * deadline the caller gave. An owner's refusal (a 404) is an answer, not a loss.
 *
 * <p>Commands are never asked twice here: one that was lost fails with 503 and Retry-After, and
 * its caller retries it with an Idempotency-Key.
 *
 * <p>There is one per event-loop context ({@link #on}); it is confined to that context.
 */
public final class ReadAsks {

    /** Where this node hears of a member's departure; published on this node only. */
    public static final String MEMBER_LEFT = "meridian.cluster.member-left";
    static final long RESEND_MS = 500;
    /** How long after a departure new reads are still asked twice: the time the survivors take to forget its consumers. */
    static final long SETTLE_MS = 3_000;

    private static final String CONTEXT_KEY = ReadAsks.class.getName();

    private final Vertx vertx;
    private final Set<Pending<?>> waiting = new HashSet<>();
    /** When the last departure has settled, on {@link System#nanoTime}'s clock; settled from the start. */
    private long settlesAt = System.nanoTime();

    private ReadAsks(Vertx vertx) {
        this.vertx = vertx;
        vertx.eventBus().localConsumer(MEMBER_LEFT, m -> memberLeft());
    }

    /** The reads of the calling event-loop context. */
    public static ReadAsks on(Vertx vertx) {
        Context context = vertx.getOrCreateContext();
        ReadAsks reads = context.get(CONTEXT_KEY);
        if (reads == null) {
            reads = new ReadAsks(vertx);
            context.put(CONTEXT_KEY, reads);
        }
        return reads;
    }

    /** Tells every context of this node that a member left; safe from any thread. */
    public static void announceDeparture(Vertx vertx, String member) {
        vertx.eventBus().publish(MEMBER_LEFT, member, new DeliveryOptions().setLocalOnly(true));
    }

    /** Like {@code eventBus().request}, for a message that only reads: asked again while a departure settles. */
    public <T> Future<Message<T>> request(String address, Object body, DeliveryOptions options) {
        Pending<T> pending = new Pending<>(address, body, options);
        waiting.add(pending);
        pending.send();
        if (settling()) {
            pending.resendLater();
        }
        return pending.answer.future();
    }

    private void memberLeft() {
        settlesAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
        // Copied: a resend that fails at once settles its read, which leaves the set.
        for (Pending<?> pending : Set.copyOf(waiting)) {
            pending.resendLater();
        }
    }

    private boolean settling() {
        return System.nanoTime() - settlesAt < 0;
    }

    /**
     * Whether a failure is an answer (the owner's refusal, or no owner anywhere) rather than a
     * request that got none in time.
     */
    private static boolean answered(Throwable failure) {
        return !(failure instanceof ReplyException reply) || reply.failureType() != ReplyFailure.TIMEOUT;
    }

    private final class Pending<T> {
        final Promise<Message<T>> answer = Promise.promise();
        final String address;
        final Object body;
        final DeliveryOptions options;
        final long deadline;
        int inFlight;
        long resendTimer = -1;
        AsyncResult<Message<T>> lastLoss;

        Pending(String address, Object body, DeliveryOptions options) {
            this.address = address;
            this.body = body;
            this.options = options;
            this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.getSendTimeout());
        }

        void send() {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                return;
            }
            inFlight++;
            vertx.eventBus().<T>request(address, body, new DeliveryOptions(options).setSendTimeout(leftMs))
                .onComplete(this::attempted);
        }

        private void attempted(AsyncResult<Message<T>> result) {
            inFlight--;
            if (answer.future().isComplete()) {
                return;
            }
            if (result.succeeded() || answered(result.cause())) {
                settle(result);
                return;
            }
            lastLoss = result;
            if (inFlight == 0 && resendTimer < 0) {
                settle(result);
            }
        }

        void resendLater() {
            if (resendTimer >= 0 || answer.future().isComplete()) {
                return;
            }
            resendTimer = vertx.setTimer(RESEND_MS, t -> {
                resendTimer = -1;
                if (answer.future().isComplete()) {
                    return;
                }
                if (settling() && deadline - System.nanoTime() > 0) {
                    send();
                    resendLater();
                } else if (inFlight == 0 && lastLoss != null) {
                    settle(lastLoss);
                }
            });
        }

        private void settle(AsyncResult<Message<T>> result) {
            if (resendTimer >= 0) {
                vertx.cancelTimer(resendTimer);
                resendTimer = -1;
            }
            waiting.remove(this);
            answer.handle(result);
        }
    }
}
