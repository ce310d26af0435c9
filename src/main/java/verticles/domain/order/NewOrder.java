package verticles.domain.order;

import verticles.domain.Fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An order request. The API contract ({@code NewOrder} in {@code openapi/meridian.yaml}) has
 * already refused anything malformed, unknown fields included, and named every field at fault;
 * this reads the checked body into types. Unknown fields are refused rather than ignored: a typo
 * must not silently drop data, and no client may set what the server owns (status, version, tenant).
 */
public record NewOrder(Customer customer, List<Item> items, Destination destination) {

    public record Customer(String name, String email, String phone) {
    }

    public record Item(String sku, int quantity) {
    }

    public record Destination(double lat, double lon, String address) {
    }

    /** Reads a body that matched the contract's {@code NewOrder} schema. */
    public static NewOrder read(Map<String, ?> body) {
        Map<String, ?> customer = Fields.object(body, "customer");
        Map<String, ?> destination = Fields.object(body, "destination");
        List<Item> items = new ArrayList<>();
        for (Map<String, ?> item : Fields.objects(body, "items")) {
            items.add(new Item((String) item.get("sku"), ((Number) item.get("quantity")).intValue()));
        }
        return new NewOrder(
            new Customer((String) customer.get("name"), (String) customer.get("email"), (String) customer.get("phone")),
            List.copyOf(items),
            new Destination(Fields.number(destination, "lat"), Fields.number(destination, "lon"),
                (String) destination.get("address")));
    }
}
