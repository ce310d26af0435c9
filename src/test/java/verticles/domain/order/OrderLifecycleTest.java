package verticles.domain.order;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.domain.order.OrderStatus.*;

@DisplayName("The order lifecycle")
class OrderLifecycleTest {

    /** The lifecycle of DESIGN.md, written out independently of the implementation. */
    private static final Map<OrderStatus, Set<OrderStatus>> LEGAL = Map.of(
        PLACED, EnumSet.of(CONFIRMED, REJECTED),
        CONFIRMED, EnumSet.of(PREPARING, CANCELLED),
        PREPARING, EnumSet.of(OUT_FOR_DELIVERY, CANCELLED),
        OUT_FOR_DELIVERY, EnumSet.of(DELIVERED, DELIVERY_FAILED),
        DELIVERY_FAILED, EnumSet.of(OUT_FOR_DELIVERY, RETURNED));

    @ParameterizedTest(name = "from {0}")
    @EnumSource(OrderStatus.class)
    @DisplayName("allows exactly the documented moves from every status")
    void allowsExactlyTheDocumentedMoves(OrderStatus from) {
        Set<OrderStatus> expected = LEGAL.getOrDefault(from, EnumSet.noneOf(OrderStatus.class));
        for (OrderStatus to : OrderStatus.values()) {
            assertEquals(expected.contains(to), OrderLifecycle.canMove(from, to), from + " -> " + to);
            assertEquals(expected.contains(to), OrderLifecycle.check(from, to).isEmpty(), from + " -> " + to);
        }
        assertEquals(expected, OrderLifecycle.nextStatuses(from));
    }

    @Test
    @DisplayName("treats delivered, cancelled, rejected and returned as final")
    void finalStatusesAreFinal() {
        for (OrderStatus s : OrderStatus.values()) {
            boolean expectedFinal = EnumSet.of(DELIVERED, CANCELLED, REJECTED, RETURNED).contains(s);
            assertEquals(expectedFinal, OrderLifecycle.isFinal(s), s.name());
        }
    }

    @Test
    @DisplayName("explains a refusal in words a client can act on")
    void explainsRefusals() {
        assertTrue(OrderLifecycle.check(DELIVERED, CANCELLED).orElseThrow().contains("final"));
        String reason = OrderLifecycle.check(PLACED, DELIVERED).orElseThrow();
        assertTrue(reason.contains("PLACED") && reason.contains("DELIVERED"), reason);
    }

    @Test
    @DisplayName("walks the happy path from PLACED to DELIVERED through legal moves only")
    void happyPathIsLegalAndEndsDelivered() {
        OrderStatus s = PLACED;
        int steps = 0;
        while (OrderLifecycle.happyPathNext(s).isPresent()) {
            OrderStatus next = OrderLifecycle.happyPathNext(s).get();
            assertTrue(OrderLifecycle.canMove(s, next), s + " -> " + next);
            s = next;
            steps++;
        }
        assertEquals(DELIVERED, s);
        assertEquals(4, steps);
        assertFalse(OrderLifecycle.happyPathNext(DELIVERY_FAILED).isPresent());
    }

    @Test
    @DisplayName("parses only exact status names")
    void parsesExactNames() {
        assertEquals(PREPARING, OrderStatus.parse("PREPARING").orElseThrow());
        assertTrue(OrderStatus.parse("preparing").isEmpty());
        assertTrue(OrderStatus.parse("SHIPPED").isEmpty());
        assertTrue(OrderStatus.parse(null).isEmpty());
    }

    @Test
    @DisplayName("leaves CONFIRMED and REJECTED to the inventory saga, and every other status to anyone")
    void confirmationIsTheSagas() {
        for (OrderStatus to : OrderStatus.values()) {
            boolean sagas = to == OrderStatus.CONFIRMED || to == OrderStatus.REJECTED;
            for (String cause : java.util.List.of("api", "simulator", "cancel", "arriving")) {
                org.junit.jupiter.api.Assertions.assertEquals(sagas, OrderLifecycle.checkCause(to, cause).isPresent(),
                    to + " by " + cause);
            }
            org.junit.jupiter.api.Assertions.assertTrue(OrderLifecycle.checkCause(to, OrderLifecycle.SAGA).isEmpty(), to.name());
        }
    }
}
