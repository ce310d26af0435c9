package verticles.testsupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.util.Map;

/**
 * For test classes that drive one node: the node (test profile, real infrastructure) is started
 * once for the class, with callers for the two demo tenants and a direct line to PostgreSQL.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OneNodeIT {

    protected Infrastructure infra;
    protected TestNodes.RunningNode node;
    /** The {@code demo} tenant's caller (key {@code demo-key}). */
    protected Api demo;
    /** The {@code acme} tenant's caller (key {@code acme-key}): another merchant. */
    protected Api acme;
    protected Database db;

    /**
     * Turns on the inventory saga, which the test profile leaves off (it confirms orders by
     * itself, and tests that move orders by hand would race it).
     */
    protected static final Map<String, String> WITH_SAGA = Map.of(
        "MERIDIAN_VERTICLES_INVENTORY_INSTANCES", "1", "MERIDIAN_VERTICLES_ORDER_SAGA_INSTANCES", "1");

    /**
     * The saga, plus the courier simulator driving {@code couriers} couriers with a fix every
     * {@code interval} at {@code speed} m/s, as {@code demo}.
     */
    protected static Map<String, String> withCouriers(int couriers, String interval, int speed) {
        Map<String, String> overrides = new java.util.HashMap<>(WITH_SAGA);
        overrides.put("MERIDIAN_VERTICLES_COURIERS_INSTANCES", "1");
        overrides.put("MERIDIAN_COURIERS_API_KEY", "demo-key");
        overrides.put("MERIDIAN_COURIERS_COUNT", String.valueOf(couriers));
        overrides.put("MERIDIAN_COURIERS_INTERVAL", interval);
        overrides.put("MERIDIAN_COURIERS_SPEED", String.valueOf(speed));
        // A second at the door and a dwell of one: arrivals in seconds, the geofence's rule intact.
        overrides.put("MERIDIAN_COURIERS_DOOR_TIME", "2s");
        overrides.put("MERIDIAN_TRACKING_ARRIVAL_DWELL", "1s");
        return overrides;
    }

    /** Environment overrides for this class's node on top of the test profile; none by default. */
    protected Map<String, String> nodeOverrides() {
        return Map.of();
    }

    @BeforeAll
    void startOneNode(Infrastructure infra) throws Exception {
        this.infra = infra;
        node = TestNodes.start(infra, nodeOverrides());
        demo = node.api("demo-key");
        acme = node.api("acme-key");
        db = new Database(infra);
    }

    @AfterAll
    void stopOneNode() throws Exception {
        db.close();
        node.close();
    }
}
