package verticles.platform.health;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Readiness: a pod is unready only for what is wrong with the pod itself")
class ReadinessTest {

    private static final List<String> CHECKS = List.of("postgres", "redis", "kafka", "cluster");

    @Test
    @DisplayName("every combination of checks down: shared stores degrade, the pod's own cluster membership unreadies")
    void everyCombination() {
        for (int down = 0; down < 1 << CHECKS.size(); down++) {
            JsonObject checks = new JsonObject();
            boolean sharedDown = false;
            boolean ownDown = false;
            for (int i = 0; i < CHECKS.size(); i++) {
                boolean isDown = (down & 1 << i) != 0;
                checks.put(CHECKS.get(i), new JsonObject().put("status", isDown ? "DOWN" : "UP"));
                sharedDown |= isDown && i < 3;
                ownDown |= isDown && i == 3;
            }
            Readiness.Status expected = ownDown ? Readiness.Status.DOWN
                : sharedDown ? Readiness.Status.DEGRADED : Readiness.Status.UP;
            Readiness.Status verdict = Readiness.judge(checks);
            assertEquals(expected, verdict, checks.encode());
            assertEquals(ownDown ? 503 : 200, Readiness.httpStatus(verdict), checks.encode());
        }
    }

    @Test
    @DisplayName("each shared store's outage states its effect; an unknown check counts as the pod's own")
    void effects() {
        for (String shared : CHECKS.subList(0, 3)) {
            assertTrue(Readiness.isShared(shared));
            assertTrue(Readiness.effectOfLosing(shared).contains("503"), shared + ": " + Readiness.effectOfLosing(shared));
        }
        assertFalse(Readiness.isShared("cluster"));
        assertEquals(Readiness.Status.DOWN,
            Readiness.judge(new JsonObject().put("something-new", new JsonObject().put("status", "DOWN"))));
    }
}
