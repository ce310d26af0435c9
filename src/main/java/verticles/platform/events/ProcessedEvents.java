package verticles.platform.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The events a consumer has already acted on, for consumers whose effect has no version or
 * state to compare (a notification sent is sent). A consumer claims a batch's event ids and acts
 * only on those it newly claimed, so a redelivered event does nothing the second time.
 */
public final class ProcessedEvents {

    /** How long an id is remembered; redeliveries come within minutes, replays within days. */
    public static final Duration RETENTION = Duration.ofDays(7);

    private static final String CLAIM = """
        INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::text[])
        ON CONFLICT DO NOTHING RETURNING event_id""";
    private static final String PURGE = "DELETE FROM processed_events WHERE processed_at < $1";

    private ProcessedEvents() {
    }

    /** The ids of {@code eventIds} that {@code consumer} had not claimed before; they are claimed now. */
    public static Future<Set<String>> claim(SqlClient db, String consumer, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return db.preparedQuery(CLAIM).execute(Tuple.from(new Object[] {consumer, eventIds.toArray(new String[0])}))
            .map(rows -> {
                Set<String> fresh = new HashSet<>();
                for (Row row : rows) {
                    fresh.add(row.getString(0));
                }
                return fresh;
            });
    }

    public static Future<Integer> purge(SqlClient db) {
        return db.preparedQuery(PURGE).execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(RETENTION)))
            .map(r -> r.rowCount());
    }
}
