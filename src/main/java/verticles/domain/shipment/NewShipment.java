package verticles.domain.shipment;

import verticles.domain.Fields;

import java.util.Map;

/** A standalone shipment (a logistics customer's parcel, with no order behind it). Every field is optional. */
public record NewShipment(String reference, Place origin, Place destination) {

    public record Place(double lat, double lon, String address) {
    }

    /** Reads a body that matched the contract's schema for a new shipment; every field may be absent. */
    public static NewShipment read(Map<String, ?> body) {
        return new NewShipment((String) body.get("reference"), place(body, "origin"), place(body, "destination"));
    }

    private static Place place(Map<String, ?> body, String field) {
        Map<String, ?> place = Fields.object(body, field);
        return place == null ? null
            : new Place(Fields.number(place, "lat"), Fields.number(place, "lon"), (String) place.get("address"));
    }
}
