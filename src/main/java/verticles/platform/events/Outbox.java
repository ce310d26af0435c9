package verticles.platform.events;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
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

    private Outbox() {
    }

    public static Future<Void> append(SqlClient tx, String topic, String key, JsonObject cloudEvent) {
        return tx.preparedQuery(APPEND).execute(Tuple.of(cloudEvent.getString("id"), topic, key, cloudEvent)).mapEmpty();
    }

    /** Tells the relay there is something to publish, so it does not wait for its next poll. */
    public static void nudgeRelay(EventBus bus) {
        bus.send(Addresses.OUTBOX_PENDING, new JsonObject());
    }
}
