package verticles.domain.shipment;

import verticles.domain.Checked;
import verticles.domain.Instants;

import java.time.Instant;
import java.util.Map;

/** A warehouse scan: the shipment {@code ARRIVED} at, {@code DEPARTED} from, or was {@code SCANNED} at a facility. */
public record Checkpoint(String shipmentId, String facility, String type, Instant at) {

    /**
     * Reads a body that matched the contract (facility, type and a zoned {@code at}); what a schema
     * cannot say is checked here: {@code at} is not in the future nor before 2000.
     */
    public static Checked<Checkpoint> read(Map<String, ?> body, String shipmentId, Instant latest) {
        return Instants.read(body.get("at"), "at", latest)
            .map(at -> new Checkpoint(shipmentId, (String) body.get("facility"), (String) body.get("type"), at));
    }
}
