package verticles.domain.order;

import java.util.Arrays;
import java.util.Optional;

/** Where an order is in its life; see {@link OrderLifecycle} for the legal moves. */
public enum OrderStatus {
    PLACED,
    CONFIRMED,
    REJECTED,
    PREPARING,
    CANCELLED,
    OUT_FOR_DELIVERY,
    DELIVERED,
    DELIVERY_FAILED,
    RETURNED;

    /** The status of that exact (upper-case) name, or empty: lower case and aliases are not guessed. */
    public static Optional<OrderStatus> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
    }
}
