package verticles.platform.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One event as journaled in a stream (see {@link EventJournal}) and as published for live push:
 * writers publish the entries a batch appended, grouped per tenant, as
 * {@code {"events": [{stream, id, prev, type, subject, data}, ...]}} on
 * {@link verticles.platform.Addresses#tenantChanged(String)}. {@code data} is the event's JSON,
 * kept encoded so a push node writes it to its clients as it is.
 */
public record JournalEntry(String stream, String id, String prev, String type, String subject, String data) {

    public JsonObject toJson() {
        return new JsonObject().put("stream", stream).put("id", id).put("prev", prev).put("type", type)
            .put("subject", subject).put("data", data);
    }

    public static JournalEntry fromJson(JsonObject json) {
        return new JournalEntry(json.getString("stream"), json.getString("id"), json.getString("prev"),
            json.getString("type"), json.getString("subject"), json.getString("data"));
    }

    /** The event-bus message carrying some of one tenant's entries. */
    public static JsonObject message(List<JournalEntry> entries) {
        JsonArray events = new JsonArray(new ArrayList<>(entries.size()));
        entries.forEach(e -> events.add(e.toJson()));
        return new JsonObject().put("events", events);
    }

    public static List<JournalEntry> fromMessage(JsonObject message) {
        JsonArray events = message.getJsonArray("events");
        List<JournalEntry> entries = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            entries.add(fromJson(events.getJsonObject(i)));
        }
        return entries;
    }
}
