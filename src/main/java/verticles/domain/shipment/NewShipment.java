package verticles.domain.shipment;

import verticles.domain.Rules;

import java.util.Map;
import java.util.Set;

/** A standalone shipment (a logistics customer's parcel, with no order behind it). Every field is optional. */
public record NewShipment(String reference, Place origin, Place destination) {

    public record Place(double lat, double lon, String address) {
    }

    public static NewShipment parse(Map<String, ?> body) {
        Rules rules = new Rules();
        rules.onlyKnown(body, "", Set.of("reference", "origin", "destination"));
        Object ref = body.get("reference");
        String reference = ref == null ? null : rules.text(ref, "reference", 100, true);
        Place origin = place(rules, body.get("origin"), "origin");
        Place destination = place(rules, body.get("destination"), "destination");
        rules.throwIfAny();
        return new NewShipment(reference, origin, destination);
    }

    private static Place place(Rules rules, Object value, String field) {
        if (value == null) {
            return null;
        }
        Map<String, ?> place = rules.object(value, field);
        if (place == null) {
            return null;
        }
        rules.onlyKnown(place, field + ".", Set.of("lat", "lon", "address"));
        Double lat = rules.number(place.get("lat"), field + ".lat", -90, 90);
        Double lon = rules.number(place.get("lon"), field + ".lon", -180, 180);
        Object address = place.get("address");
        String text = address == null ? null : rules.text(address, field + ".address", 200, true);
        return lat == null || lon == null ? null : new Place(lat, lon, text);
    }
}
