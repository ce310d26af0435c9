package verticles.domain.order;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static verticles.domain.order.OrderStatus.CANCELLED;
import static verticles.domain.order.OrderStatus.CONFIRMED;
import static verticles.domain.order.OrderStatus.DELIVERED;
import static verticles.domain.order.OrderStatus.DELIVERY_FAILED;
import static verticles.domain.order.OrderStatus.OUT_FOR_DELIVERY;
import static verticles.domain.order.OrderStatus.PLACED;
import static verticles.domain.order.OrderStatus.PREPARING;
import static verticles.domain.order.OrderStatus.REJECTED;
import static verticles.domain.order.OrderStatus.RETURNED;

/**
 * The rules of an order's life: which status may follow which, and who may make each move. Every
 * status change asks {@link #check} first (the verticle that applies changes is
 * {@code OrderStateMachineVerticle}); a move it refuses changes nothing.
 *
 * <pre>
 * PLACED → CONFIRMED | REJECTED
 * CONFIRMED → PREPARING | CANCELLED
 * PREPARING → OUT_FOR_DELIVERY | CANCELLED
 * OUT_FOR_DELIVERY → DELIVERED | DELIVERY_FAILED
 * DELIVERY_FAILED → OUT_FOR_DELIVERY | RETURNED
 * DELIVERED, CANCELLED, REJECTED, RETURNED are final.
 * </pre>
 */
public final class OrderLifecycle {

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = new EnumMap<>(OrderStatus.class);

    static {
        for (OrderStatus s : OrderStatus.values()) {
            NEXT.put(s, EnumSet.noneOf(OrderStatus.class));
        }
        NEXT.put(PLACED, EnumSet.of(CONFIRMED, REJECTED));
        NEXT.put(CONFIRMED, EnumSet.of(PREPARING, CANCELLED));
        NEXT.put(PREPARING, EnumSet.of(OUT_FOR_DELIVERY, CANCELLED));
        NEXT.put(OUT_FOR_DELIVERY, EnumSet.of(DELIVERED, DELIVERY_FAILED));
        NEXT.put(DELIVERY_FAILED, EnumSet.of(OUT_FOR_DELIVERY, RETURNED));
    }

    private OrderLifecycle() {
    }

    public static boolean canMove(OrderStatus from, OrderStatus to) {
        return NEXT.get(from).contains(to);
    }

    public static boolean isFinal(OrderStatus status) {
        return NEXT.get(status).isEmpty();
    }

    public static Set<OrderStatus> nextStatuses(OrderStatus from) {
        return EnumSet.copyOf(NEXT.get(from).isEmpty() ? EnumSet.noneOf(OrderStatus.class) : NEXT.get(from));
    }

    /** The move an uneventful delivery makes next (what the simulator does), if any. */
    public static Optional<OrderStatus> happyPathNext(OrderStatus from) {
        return switch (from) {
            case PLACED -> Optional.of(CONFIRMED);
            case CONFIRMED -> Optional.of(PREPARING);
            case PREPARING -> Optional.of(OUT_FOR_DELIVERY);
            case OUT_FOR_DELIVERY -> Optional.of(DELIVERED);
            default -> Optional.empty();
        };
    }

    /** The cause of the moves only the inventory saga may make. */
    public static final String SAGA = "saga";

    /**
     * Empty when {@code cause} may make a move to {@code to}; otherwise why not, worded for the
     * API's 409 answer. CONFIRMED and REJECTED are the inventory saga's answer to a reservation:
     * an order confirmed by anyone else would have no stock behind it.
     */
    public static Optional<String> checkCause(OrderStatus to, String cause) {
        if ((to == CONFIRMED || to == REJECTED) && !SAGA.equals(cause)) {
            return Optional.of(to + " is set by the inventory saga alone: an order is CONFIRMED once its stock is "
                + "reserved and REJECTED when it cannot be, never by hand");
        }
        return Optional.empty();
    }

    /** Empty when the move is legal; otherwise why not, worded for the API's 409 answer. */
    public static Optional<String> check(OrderStatus from, OrderStatus to) {
        if (canMove(from, to)) {
            return Optional.empty();
        }
        if (isFinal(from)) {
            return Optional.of("order is " + from + ", a final status; it cannot become " + to);
        }
        return Optional.of("order is " + from + "; it can become " + NEXT.get(from) + ", not " + to);
    }
}
