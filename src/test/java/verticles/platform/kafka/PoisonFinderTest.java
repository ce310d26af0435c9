package verticles.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import io.vertx.pgclient.PgException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poison finder against a handler that stores records the way a consumer does: a whole batch
 * fails if any record in it is poison, and stored records stay stored when it is run again.
 */
@DisplayName("Finding poison records in a batch")
class PoisonFinderTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    private static List<Incoming> batch(int size) {
        List<Incoming> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ConsumerRecord<String, String> record = new ConsumerRecord<>("topic", 0, i, "k" + i, "{}");
            batch.add(new Incoming(new KafkaConsumerRecordImpl<>(record), new JsonObject().put("n", i)));
        }
        return batch;
    }

    /** A handler that fails the whole call with {@code failure} when it holds a poison record, else stores it. */
    private static Function<List<Incoming>, Future<Void>> store(Set<Integer> poison, Set<Integer> stored, Throwable failure) {
        return records -> {
            if (records.stream().anyMatch(r -> poison.contains(r.event().getInteger("n")))) {
                return Future.failedFuture(failure);
            }
            records.forEach(r -> stored.add(r.event().getInteger("n")));
            return Future.succeededFuture();
        };
    }

    private static Set<Integer> rejected(List<Incoming> batch) {
        Set<Integer> out = new TreeSet<>();
        batch.forEach(r -> {
            if (r.rejection() != null) {
                out.add(r.event().getInteger("n"));
            }
        });
        return out;
    }

    @Test
    @DisplayName("rejects exactly the poison records, wherever they are, and stores every other one")
    void narrowsToThePoison() throws Exception {
        for (Set<Integer> poison : List.of(Set.of(0), Set.of(999), Set.of(3, 7), Set.of(0, 1, 2, 998, 999), Set.of(500))) {
            Set<Integer> stored = new TreeSet<>();
            List<Incoming> batch = batch(1_000);
            PoisonFinder finder = new PoisonFinder(vertx, "test",
                store(poison, stored, new PgException("invalid byte sequence", "ERROR", "22021", "")), () -> false);
            finder.handle(batch, "-").await(10, TimeUnit.SECONDS);
            assertEquals(new TreeSet<>(poison), rejected(batch));
            assertEquals(1_000 - poison.size(), stored.size());
            assertTrue(batch.stream().filter(r -> r.rejection() != null)
                .allMatch(r -> r.rejection().contains("22021") || r.rejection().contains("invalid byte sequence")));
        }
    }

    @Test
    @DisplayName("fails the whole batch on a transient failure, rejecting nothing, so it is waited for and retried")
    void transientFailuresRejectNothing() {
        List<Incoming> batch = batch(100);
        PoisonFinder finder = new PoisonFinder(vertx, "test",
            store(Set.of(40), new TreeSet<>(), new ConnectException("Connection refused")), () -> false);
        Exception failed = assertThrows(Exception.class, () -> finder.handle(batch, "-").await(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, failed.getCause() == null ? failed : failed.getCause(), failed.toString());
        assertEquals(Set.of(), rejected(batch));
    }

    @Test
    @DisplayName("takes a handler that throws as a permanent failure, and rejects only what makes it throw")
    void throwingHandlers() throws Exception {
        List<Incoming> batch = batch(10);
        PoisonFinder finder = new PoisonFinder(vertx, "test", records -> {
            if (records.stream().anyMatch(r -> r.event().getInteger("n") == 6)) {
                throw new ClassCastException("a record of the wrong shape");
            }
            return Future.succeededFuture();
        }, () -> false);
        finder.handle(batch, "-").await(10, TimeUnit.SECONDS);
        assertEquals(Set.of(6), rejected(batch));
    }
}
