package verticles.domain.tracking;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * How a tracking page speaks to the person waiting for a parcel: statuses and scans in their
 * words, not the API's codes, and when the courier's map is worth showing.
 */
public final class CustomerView {

    private static final Map<String, String> ORDER_WORDS = Map.of(
        "PLACED", "Order received",
        "CONFIRMED", "Order confirmed",
        "REJECTED", "Order could not be accepted",
        "PREPARING", "Being prepared",
        "CANCELLED", "Order cancelled",
        "OUT_FOR_DELIVERY", "Out for delivery",
        "DELIVERED", "Delivered",
        "DELIVERY_FAILED", "Delivery attempt failed",
        "RETURNED", "Returned to sender");
    private static final Map<String, String> SHIPMENT_WORDS = Map.of(
        "CREATED", "Ready to go",
        "IN_TRANSIT", "On its way",
        "ARRIVING", "Arriving: the courier is nearby");
    private static final Map<String, String> SCAN_WORDS = Map.of(
        "ARRIVED", "Arrived at",
        "DEPARTED", "Left",
        "SCANNED", "Scanned at");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private CustomerView() {
    }

    /** Every word table, by what it names ({@code order}, {@code shipment}, {@code scan}): for the page's script. */
    public static Map<String, Map<String, String>> vocabulary() {
        return Map.of("order", ORDER_WORDS, "shipment", SHIPMENT_WORDS, "scan", SCAN_WORDS);
    }

    /** The status in words: an order's when the link is to an order, else the shipment's. */
    public static String statusWords(String shipmentStatus, String orderStatus) {
        if (orderStatus != null) {
            String words = ORDER_WORDS.getOrDefault(orderStatus, orderStatus);
            return "OUT_FOR_DELIVERY".equals(orderStatus) && "ARRIVING".equals(shipmentStatus)
                ? SHIPMENT_WORDS.get("ARRIVING") : words;
        }
        return SHIPMENT_WORDS.getOrDefault(shipmentStatus, shipmentStatus);
    }

    /** A scan in words: "Arrived at Berlin hub". */
    public static String scanWords(String type, String facility) {
        return SCAN_WORDS.getOrDefault(type, type) + " " + facility;
    }

    /**
     * Whether the courier's live map is shown: only while it is out for delivery (an order's
     * status says so; a standalone shipment is once it moves) and its position is fresh.
     */
    public static boolean showsMap(String shipmentStatus, String orderStatus, boolean hasFreshPosition) {
        boolean underway = orderStatus != null ? "OUT_FOR_DELIVERY".equals(orderStatus)
            : "IN_TRANSIT".equals(shipmentStatus) || "ARRIVING".equals(shipmentStatus);
        return underway && hasFreshPosition;
    }

    /** The arrival time in words, with its revision: "Arrives around 14:35 UTC (was 14:20 UTC)"; null when unknown. */
    public static String etaWords(Instant arrivesAt, Instant previousArrivesAt) {
        if (arrivesAt == null) {
            return null;
        }
        String now = "Arrives around " + CLOCK.format(arrivesAt);
        return previousArrivesAt == null ? now : now + " (was " + CLOCK.format(previousArrivesAt) + ")";
    }
}
