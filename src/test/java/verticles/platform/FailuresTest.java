package verticles.platform;

import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Telling transient failures from permanent ones")
class FailuresTest {

    private static PgException pg(String sqlState) {
        return new PgException("ERROR", "ERROR", sqlState, "test");
    }

    @Test
    @DisplayName("a store down, busy, closing or failing over is transient: the batch waits and is retried whole")
    void transientFailures() {
        List<Throwable> failures = List.of(
            new ConnectException("Connection refused"),
            new IOException("Connection reset by peer"),
            new RuntimeException("wrapped", new java.nio.channels.ClosedChannelException()),
            io.vertx.sqlclient.ClosedConnectionException.INSTANCE,
            OpenCircuitException.INSTANCE,
            new TimeoutException("Timeout"),
            pg("08006"), pg("40001"), pg("40P01"), pg("53300"), pg("57P01"), pg("57P03"), pg("58030"), pg("55P03"),
            ErrorType.create("LOADING Redis is loading the dataset in memory"),
            ErrorType.create("CONNECTION_CLOSED"),
            new io.vertx.core.VertxException("Connection is closed"),
            ErrorType.create("BUSY Redis is busy running a script"),
            ErrorType.create("READONLY You can't write against a read only replica."),
            new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"),
            new org.apache.kafka.common.errors.TimeoutException("expired"),
            new ReplyException(ReplyFailure.NO_HANDLERS, "none"),
            new ReplyException(ReplyFailure.TIMEOUT, "late"),
            new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503, "too busy"));
        failures.forEach(f -> assertTrue(Failures.isTransient(f), f.toString()));
    }

    @Test
    @DisplayName("a value the store refuses, a malformed record or a bug is permanent: the batch is narrowed to it")
    void permanentFailures() {
        List<Throwable> failures = List.of(
            pg("22021"), pg("22P05"), pg("22003"), pg("23505"), pg("23502"), pg("42601"), pg("42703"),
            new ClassCastException("class java.lang.Integer cannot be cast to class java.lang.String"),
            new NullPointerException("shipmentId is missing"),
            new IllegalArgumentException("bad"),
            new java.time.format.DateTimeParseException("no", "x", 0),
            new DecodeException("not JSON"),
            ErrorType.create("ERR Error running script"),
            new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "internal error"),
            new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 422, "unprocessable"),
            new CommandFailure(409, "conflict"));
        failures.forEach(f -> assertFalse(Failures.isTransient(f), f.toString()));
    }
}
