package verticles.platform.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read whose request was lost (as one sent to a member that just died is) is asked again once
 * a departure is announced; one that was refused, or lost with no departure, is not.
 */
@DisplayName("Reads over the event bus, asked again when a member leaves")
class ReadAsksTest {

    private static final String ADDRESS = "test.read";
    private static final DeliveryOptions TEN_SECONDS = new DeliveryOptions().setSendTimeout(10_000);

    private Vertx vertx;
    private Context context;
    /** Requests received; the first {@code lost} of them are swallowed, as a dead member does. */
    private final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void answerAfterLosing(int lost) {
        vertx.eventBus().<String>consumer(ADDRESS, m -> {
            if (received.incrementAndGet() > lost) {
                m.reply("answer " + received.get());
            }
        });
    }

    /** Runs {@code ask} on the test's context and returns what it completes with. */
    private <T> CompletableFuture<T> onContext(Supplier<Future<T>> ask) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> ask.get().onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
            } else {
                result.completeExceptionally(ar.cause());
            }
        }));
        return result;
    }

    private CompletableFuture<Message<String>> read(DeliveryOptions options) {
        return onContext(() -> ReadAsks.on(vertx).<String>request(ADDRESS, "read", options));
    }

    @Test
    @DisplayName("a read lost before a departure is asked again after it and answered long before its timeout")
    void lostReadAskedAgainAfterDeparture() throws Exception {
        answerAfterLosing(1);
        long start = System.nanoTime();
        CompletableFuture<Message<String>> answer = read(TEN_SECONDS);
        waitUntil(() -> received.get() == 1);
        ReadAsks.announceDeparture(vertx, "member-b");
        assertEquals("answer 2", answer.get(5, TimeUnit.SECONDS).body());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3_000);
    }

    @Test
    @DisplayName("a read asked while a departure settles is asked again if it is lost")
    void readDuringSettlingAskedAgain() throws Exception {
        answerAfterLosing(1);
        onContext(() -> {
            ReadAsks.on(vertx); // the context's reads exist before the departure, as a verticle's do
            return Future.succeededFuture();
        }).get(5, TimeUnit.SECONDS);
        ReadAsks.announceDeparture(vertx, "member-b");
        Thread.sleep(100);
        assertEquals("answer 2", read(TEN_SECONDS).get(5, TimeUnit.SECONDS).body());
    }

    @Test
    @DisplayName("without a departure a lost read is asked once and times out")
    void noDepartureNoSecondAsk() {
        answerAfterLosing(1);
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> read(new DeliveryOptions().setSendTimeout(1_500)).get(5, TimeUnit.SECONDS));
        ReplyException timeout = assertInstanceOf(ReplyException.class, failed.getCause());
        assertEquals(ReplyFailure.TIMEOUT, timeout.failureType());
        assertEquals(1, received.get());
    }

    @Test
    @DisplayName("an owner's refusal is the answer, passed on and not asked again")
    void refusalIsAnAnswer() throws Exception {
        vertx.eventBus().<String>consumer(ADDRESS, m -> {
            received.incrementAndGet();
            m.fail(404, "no such thing");
        });
        onContext(() -> Future.succeededFuture(ReadAsks.on(vertx))).get(5, TimeUnit.SECONDS);
        ReadAsks.announceDeparture(vertx, "member-b");
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> read(TEN_SECONDS).get(5, TimeUnit.SECONDS));
        ReplyException refusal = assertInstanceOf(ReplyException.class, failed.getCause());
        assertEquals(404, refusal.failureCode());
        Thread.sleep(ReadAsks.RESEND_MS * 3);
        assertEquals(1, received.get());
    }

    @Test
    @DisplayName("a read still lost when the cluster has settled fails when its deadline ends, not later")
    void lostForGoodFailsAtItsDeadline() {
        vertx.eventBus().<String>consumer(ADDRESS, m -> received.incrementAndGet());
        long start = System.nanoTime();
        CompletableFuture<Message<String>> answer = read(new DeliveryOptions().setSendTimeout(2_000));
        vertx.setTimer(100, t -> ReadAsks.announceDeparture(vertx, "member-b"));
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> answer.get(6, TimeUnit.SECONDS));
        assertEquals(ReplyFailure.TIMEOUT, assertInstanceOf(ReplyException.class, failed.getCause()).failureType());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs >= 1_900 && tookMs < 3_000, "failed after " + tookMs + " ms");
        assertTrue(received.get() > 1, "asked again while settling");
    }

    private static void waitUntil(Supplier<Boolean> condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
