package verticles.simulator;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/**
 * The simulators' configuration: the order simulator and the couriers (verticle and `simulate` command).
 * Registered in {@code META-INF/services}, so every node knows these keys.
 */
public final class SimulatorKeys implements KeySet {

    public static final ConfigKey<Duration> SIMULATOR_INTERVAL = ConfigKey.duration("simulator.interval", "2s",
        "delay before the simulator moves an order to its next status");
    public static final ConfigKey<Integer> SIMULATOR_MAX_PENDING = ConfigKey.integer("simulator.max-pending", 10_000,
        "most orders the simulator keeps timers for at once; beyond it new orders are left alone");
    public static final ConfigKey<String> COURIERS_URL = ConfigKey.string("couriers.url", "",
        "the Meridian the simulated couriers drive against; empty means this node (http://127.0.0.1:<http.port>)");
    public static final ConfigKey<String> COURIERS_API_KEY = ConfigKey.string("couriers.api-key", "",
        "the API key the simulated couriers use (demo-key in the dev profile)");
    public static final ConfigKey<Integer> COURIERS_COUNT = ConfigKey.integer("couriers.count", 20,
        "couriers on the road at once; each runs one trip after another");
    public static final ConfigKey<Duration> COURIERS_INTERVAL = ConfigKey.duration("couriers.interval", "1s",
        "time between one courier's fixes (so couriers / interval fixes per second in all)");
    public static final ConfigKey<Integer> COURIERS_SPEED = ConfigKey.integer("couriers.speed", 25,
        "driving speed in m/s (25 is 90 km/h; the dev profile fast-forwards at 250 so a trip takes minutes)");
    public static final ConfigKey<Duration> COURIERS_DOOR_TIME = ConfigKey.duration("couriers.door-time", "25s",
        "how long a courier waits at the door, sending fixes, before the hand-over; longer than tracking.arrival-dwell, "
            + "so Meridian sees it arrive");
    public static final ConfigKey<String> COURIERS_MODE = ConfigKey.string("couriers.mode", "orders",
        "orders: each trip is an order, confirmed by the saga and delivered; shipments: standalone shipments");
    public static final ConfigKey<Integer> COURIERS_TRIPS = ConfigKey.integer("couriers.trips", 0,
        "trips to drive in all before stopping; 0 drives on until stopped");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(
            SIMULATOR_INTERVAL, SIMULATOR_MAX_PENDING, COURIERS_URL, COURIERS_API_KEY, COURIERS_COUNT,
            COURIERS_INTERVAL, COURIERS_SPEED, COURIERS_DOOR_TIME, COURIERS_MODE, COURIERS_TRIPS);
    }
}
