package verticles.domain.order;

import verticles.domain.Rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated order request. {@link #parse} checks a decoded JSON body against every rule and
 * reports all problems at once, each with its field path, so a client fixes its request in one go.
 * Unknown fields are refused rather than ignored: a typo must not silently drop data, and no
 * client may set what the server owns (status, version, tenant).
 */
public record NewOrder(Customer customer, List<Item> items, Destination destination) {

    public static final int MAX_ITEMS = 100;
    public static final int MAX_QUANTITY = 10_000;
    public static final int MAX_TEXT = 200;
    public static final int MAX_SKU = 64;

    public record Customer(String name, String email, String phone) {
    }

    public record Item(String sku, int quantity) {
    }

    public record Destination(double lat, double lon, String address) {
    }

    public static NewOrder parse(Map<String, ?> body) {
        Rules rules = new Rules();
        rules.onlyKnown(body, "", Set.of("customer", "items", "destination"));
        Customer customer = parseCustomer(rules, body.get("customer"));
        List<Item> items = parseItems(rules, body.get("items"));
        Destination destination = parseDestination(rules, body.get("destination"));
        rules.throwIfAny();
        return new NewOrder(customer, items, destination);
    }

    private static Customer parseCustomer(Rules rules, Object value) {
        Map<String, ?> customer = rules.object(value, "customer");
        if (customer == null) {
            return null;
        }
        rules.onlyKnown(customer, "customer.", Set.of("name", "email", "phone"));
        String name = rules.text(customer.get("name"), "customer.name", MAX_TEXT, true);
        String email = rules.text(customer.get("email"), "customer.email", MAX_TEXT, false);
        String phone = rules.text(customer.get("phone"), "customer.phone", 32, false);
        return new Customer(name, email, phone);
    }

    private static List<Item> parseItems(Rules rules, Object value) {
        if (value == null) {
            rules.add("items", "is required");
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            rules.add("items", "must be an array");
            return List.of();
        }
        if (list.isEmpty()) {
            rules.add("items", "must hold at least one item");
        }
        if (list.size() > MAX_ITEMS) {
            rules.add("items", "must hold at most " + MAX_ITEMS + " items");
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "items[" + i + "]";
            Map<String, ?> item = rules.object(list.get(i), at);
            if (item == null) {
                continue;
            }
            rules.onlyKnown(item, at + ".", Set.of("sku", "quantity"));
            String sku = rules.text(item.get("sku"), at + ".sku", MAX_SKU, true);
            Integer quantity = rules.wholeNumber(item.get("quantity"), at + ".quantity", 1, MAX_QUANTITY);
            if (sku != null && quantity != null) {
                items.add(new Item(sku, quantity));
            }
        }
        return items;
    }

    private static Destination parseDestination(Rules rules, Object value) {
        Map<String, ?> destination = rules.object(value, "destination");
        if (destination == null) {
            return null;
        }
        rules.onlyKnown(destination, "destination.", Set.of("lat", "lon", "address"));
        Double lat = rules.number(destination.get("lat"), "destination.lat", -90, 90);
        Double lon = rules.number(destination.get("lon"), "destination.lon", -180, 180);
        String address = rules.text(destination.get("address"), "destination.address", MAX_TEXT, false);
        return lat == null || lon == null ? null : new Destination(lat, lon, address);
    }
}
