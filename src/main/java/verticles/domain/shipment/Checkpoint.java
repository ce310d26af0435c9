package verticles.domain.shipment;

import verticles.domain.Rules;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A warehouse scan: the shipment {@code ARRIVED} at, {@code DEPARTED} from, or was {@code SCANNED} at a facility. */
public record Checkpoint(String shipmentId, String facility, String type, Instant at) {

    public static final Set<String> TYPES = Set.of("ARRIVED", "DEPARTED", "SCANNED");
    public static final int MAX_FACILITY = 100;

    public static Checkpoint parse(Map<String, ?> body, String shipmentId, Instant latest) {
        Rules rules = new Rules();
        rules.onlyKnown(body, "", Set.of("facility", "type", "at"));
        String facility = rules.text(body.get("facility"), "facility", MAX_FACILITY, true);
        String type = rules.oneOf(body.get("type"), "type", TYPES);
        Instant at = rules.instant(body.get("at"), "at", latest);
        rules.throwIfAny();
        return new Checkpoint(shipmentId, facility, type, at);
    }
}
