package verticles.platform.outbox;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import verticles.platform.Addresses;

/**
 * Appends an event to the transactional outbox: call it on the transaction that makes the change
 * the event announces, so the event exists if and only if the change does. The relay publishes
 * it. An event id already in the outbox is not added again, so a redelivered command that
 * re-announces the same change adds nothing.
 */
public final class Outbox {

    private static final String APPEND = """
        INSERT INTO outbox (event_id, topic, record_key, payload) VALUES ($1, $2, $3, $4)
        ON CONFLICT (event_id) DO NOTHING""";

    private static final String APPEND_ALL = """
        INSERT INTO outbox (event_id, topic, record_key, payload)
        SELECT e.event_id, $2, e.record_key, e.payload::jsonb
        FROM unnest($1::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e(event_id, record_key, payload, n)
        ORDER BY e.n
        ON CONFLICT (event_id) DO NOTHING""";

    private Outbox() {
    }

    /**
     * The tail of a statement that appends an event for each row of {@code cte}, whose {@code id}
     * is the record key: for a store that changes an entity and announces it in one round trip.
     * {@code firstParam} numbers the event id; the topic and the payload follow it.
     */
    public static String appendFrom(String cte, int firstParam) {
        return "INSERT INTO outbox (event_id, topic, record_key, payload) SELECT $%d, $%d, id, $%d FROM %s"
            .formatted(firstParam, firstParam + 1, firstParam + 2, cte);
    }

    public static Future<Void> append(SqlClient tx, String topic, String key, JsonObject cloudEvent) {
        return tx.preparedQuery(APPEND).execute(Tuple.of(cloudEvent.getString("id"), topic, key, cloudEvent)).mapEmpty();
    }

    /** Appends several events of one topic in one statement, each keyed by its subject. */
    public static Future<Void> appendAll(SqlClient tx, String topic, List<JsonObject> cloudEvents) {
        if (cloudEvents.isEmpty()) {
            return Future.succeededFuture();
        }
        return tx.preparedQuery(APPEND_ALL).execute(Tuple.from(new Object[] {
                cloudEvents.stream().map(e -> e.getString("id")).toArray(String[]::new),
                topic,
                cloudEvents.stream().map(e -> e.getString("subject")).toArray(String[]::new),
                cloudEvents.stream().map(JsonObject::encode).toArray(String[]::new)}))
            .mapEmpty();
    }

    /** Tells the relay there is something to publish, so it does not wait for its next poll. */
    public static void nudgeRelay(EventBus bus) {
        bus.send(Addresses.OUTBOX_PENDING, new JsonObject());
    }
}
