package verticles.platform.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Rounds of durable work")
class RoundsTest {

    /** Rounds whose results the test hands out one by one. */
    private final List<Promise<Integer>> started = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final Rounds rounds = new Rounds(() -> {
        Promise<Integer> round = Promise.promise();
        started.add(round);
        return round.future();
    }, failures::add);

    @Test
    @DisplayName("run one at a time, and once more for any number of requests during a round")
    void oneMoreRoundForRequestsDuringOne() {
        rounds.request();
        rounds.request();
        rounds.request();
        assertEquals(1, started.size(), "never two at once");
        started.get(0).complete(0);
        assertEquals(2, started.size(), "the requests during it made one more");
        started.get(1).complete(0);
        assertEquals(2, started.size());
    }

    @Test
    @DisplayName("run again at once after a round that handled anything, and stop after an empty one")
    void busyRoundsRunAgain() {
        rounds.request();
        started.get(0).complete(10);
        assertEquals(2, started.size());
        started.get(1).complete(1);
        assertEquals(3, started.size());
        started.get(2).complete(0);
        assertEquals(3, started.size());
    }

    @Test
    @DisplayName("report a failed round and leave the rest to the next request")
    void failureIsReportedNotRepeated() {
        rounds.request();
        rounds.request();
        started.get(0).fail("database down");
        assertEquals(1, started.size());
        assertEquals("database down", failures.get(0).getMessage());
        rounds.request();
        assertEquals(2, started.size());
    }

    @Test
    @DisplayName("stop: start nothing more, and finish when the running round has")
    void stopWaitsForTheRunningRound() {
        rounds.request();
        Future<Void> stopped = rounds.stop();
        assertFalse(stopped.isComplete());
        rounds.request();
        started.get(0).complete(10);
        assertTrue(stopped.succeeded());
        assertEquals(1, started.size(), "nothing started after stop, not even after a busy round");
    }
}
