package verticles.simulator;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderSimulatorOwnershipTest {

    private static JsonObject statusChanged(String cause) {
        return new JsonObject().put("type", "order.status-changed")
            .put("data", new JsonObject().put("status", "PREPARING").put("cause", cause));
    }

    @Test
    void theSimulatorMovesOrdersOnlyTheSagaOrItselfHaveMoved() {
        assertTrue(OrderSimulatorVerticle.ownedBySimulation(statusChanged("saga")));
        assertTrue(OrderSimulatorVerticle.ownedBySimulation(statusChanged("simulator")));
        assertTrue(OrderSimulatorVerticle.ownedBySimulation(new JsonObject().put("data", new JsonObject())),
            "a placed order has no cause yet");
    }

    @Test
    void anOrderMovedThroughTheApiIsLeftToWhoeverMovedIt() {
        assertFalse(OrderSimulatorVerticle.ownedBySimulation(statusChanged("api")));
        assertFalse(OrderSimulatorVerticle.ownedBySimulation(statusChanged("cancel")));
    }
}
