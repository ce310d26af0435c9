package verticles.domain.shipment;

import verticles.domain.Checked;
import verticles.domain.Instants;
import verticles.domain.TimeWindow;

import java.time.Instant;
import java.util.Map;

/** A warehouse scan: the shipment {@code ARRIVED} at, {@code DEPARTED} from, or was {@code SCANNED} at a facility. */
public record Checkpoint(String shipmentId, String facility, String type, Instant at) {

    /**
     * Reads a body that matched the contract (facility, type and a zoned {@code at}); what a schema
     * cannot say is checked here: {@code at} is inside the window (not in the future, not older than the history keeps).
     */
    public static Checked<Checkpoint> read(Map<String, ?> body, String shipmentId, TimeWindow window) {
        return Instants.read(body.get("at"), "at", window)
            .map(at -> new Checkpoint(shipmentId, (String) body.get("facility"), (String) body.get("type"), at));
    }
}
