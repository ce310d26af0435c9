package verticles.platform.events;

import io.vertx.core.json.JsonObject;
import verticles.platform.trace.CorrelationId;

import java.time.Instant;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode, the shape of every Kafka record Meridian
 * writes. {@code tenantid} is an extension attribute, so consumers scope without opening data.
 */
public final class CloudEvent {

    public static final String SPEC_VERSION = "1.0";

    private CloudEvent() {
    }

    /** An event; a null {@code subject} or {@code tenantId} is left out (the JSON format reads null as absent). */
    public static JsonObject create(String id, String source, String type, String subject, String tenantId,
                                    Instant time, JsonObject data) {
        JsonObject event = new JsonObject()
            .put("specversion", SPEC_VERSION)
            .put("id", id)
            .put("source", source)
            .put("type", type);
        if (subject != null) {
            event.put("subject", subject);
        }
        event.put("time", time.toString()).put("datacontenttype", "application/json");
        if (tenantId != null) {
            event.put("tenantid", tenantId);
        }
        return event.put("data", data);
    }

    /**
     * Adds the request's correlation id as the {@code correlationid} extension attribute, so it
     * survives the outbox and reaches every consumer; a null or unknown id adds nothing.
     */
    public static JsonObject correlated(JsonObject event, String correlationId) {
        return correlationId == null || CorrelationId.UNKNOWN.equals(correlationId) ? event
            : event.put(CorrelationId.EVENT_ATTRIBUTE, correlationId);
    }

    public static String type(JsonObject event) {
        return event.getString("type", "");
    }

    public static JsonObject data(JsonObject event) {
        JsonObject data = event.getJsonObject("data");
        return data == null ? new JsonObject() : data;
    }
}
