package verticles.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.simulator.Cities.City;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated couriers, driving through Meridian's public HTTP API exactly as a merchant's systems
 * and couriers' phones would, so it is both a demo and a load source. Each courier runs trips one
 * after another: between two real cities, through a hub, at the configured speed, posting a fix
 * every interval. In {@code orders} mode a trip is an order: placed, confirmed by the inventory
 * saga, PREPARING, scanned out of the origin warehouse, OUT_FOR_DELIVERY, scanned through the hub,
 * and DELIVERED at the destination; in {@code shipments} mode it is a standalone shipment with the
 * same scans. Meridian itself estimates the ETA and raises {@code arriving} near the destination.
 *
 * <p>Runs inside a node (the {@code couriers} verticle, on in the dev profile, aimed at the node's
 * own port) or alone against any URL: {@code java -jar meridian.jar simulate --help}.
 */
public final class CourierSimulatorVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(CourierSimulatorVerticle.class);

    /** Fixes a courier stays at the hub between its ARRIVED and DEPARTED scans. */
    private static final int HUB_DWELL_FIXES = 3;

    private ApiClient api;
    private TripCalls calls;
    private Settings settings;
    private final Random random = new Random();
    private final Promise<Void> finished = Promise.promise();
    private volatile boolean stopping;
    private int tripsStarted;
    private int couriersDriving;
    private long reportTimer;

    final AtomicLong tripsCompleted = new AtomicLong();
    final AtomicLong tripsAbandoned = new AtomicLong();

    /** What the configuration asks of the simulation. */
    record Settings(int couriers, Duration interval, double speed, Duration doorTime, boolean orders, int trips) {

        /** Fixes a courier sends from the door before the hand-over: the door time's worth, two at least. */
        int doorFixes() {
            return (int) Math.max(2, -Math.floorDiv(-doorTime.toMillis(), Math.max(1, interval.toMillis())));
        }

        static Settings of(MeridianConfig config) {
            String mode = config.get(SimulatorKeys.COURIERS_MODE);
            if (!mode.equals("orders") && !mode.equals("shipments")) {
                throw new IllegalArgumentException("couriers.mode is 'orders' or 'shipments', not '" + mode + "'");
            }
            if (config.get(SimulatorKeys.COURIERS_COUNT) < 1 || config.get(SimulatorKeys.COURIERS_SPEED) < 1
                || config.get(SimulatorKeys.COURIERS_INTERVAL).toMillis() < 10) {
                throw new IllegalArgumentException("couriers.count and couriers.speed are at least 1, "
                    + "couriers.interval at least 10ms");
            }
            return new Settings(config.get(SimulatorKeys.COURIERS_COUNT), config.get(SimulatorKeys.COURIERS_INTERVAL),
                config.get(SimulatorKeys.COURIERS_SPEED), config.get(SimulatorKeys.COURIERS_DOOR_TIME), mode.equals("orders"),
                config.get(SimulatorKeys.COURIERS_TRIPS));
        }
    }

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        settings = Settings.of(config);
        String url = config.get(SimulatorKeys.COURIERS_URL);
        String baseUrl = url.isBlank() ? "http://127.0.0.1:" + config.get(Keys.HTTP_PORT) : url;
        String apiKey = config.get(SimulatorKeys.COURIERS_API_KEY);
        if (apiKey.isBlank()) {
            return Future.failedFuture("the courier simulator needs an API key (couriers.api-key)");
        }
        api = new ApiClient(vertx, baseUrl, apiKey, Math.max(8, settings.couriers() / 4));
        calls = new TripCalls(api, random);
        LOG.info("{} simulated couriers driving {} against {}: a fix every {} ms at {} m/s", settings.couriers(),
            settings.orders() ? "orders" : "standalone shipments", api.baseUrl(), settings.interval().toMillis(),
            settings.speed());
        reportTimer = vertx.setPeriodic(60_000, t -> report());
        // Stock first (orders need it), then the couriers set off spread over one interval, not all at once.
        Future<?> ready = settings.orders() ? calls.stock() : Future.succeededFuture();
        ready.onSuccess(v -> {
            for (int courier = 1; courier <= settings.couriers(); courier++) {
                int id = courier;
                vertx.setTimer(1 + random.nextLong(Math.max(1, settings.interval().toMillis())), t -> nextTrip(id));
            }
        }).onFailure(e -> {
            LOG.error("the courier simulator could not stock {}: {}", TripCalls.SKU, e.getMessage());
            finished.tryFail(e);
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(reportTimer);
        finished.tryComplete();
        if (api != null) {
            api.close();
        }
        return Future.succeededFuture();
    }

    /** Completes when every trip the settings allow has ended (never, for endless settings) or the verticle stops. */
    Future<Void> finished() {
        return finished.future();
    }

    void report() {
        LOG.info("couriers: {} driving, {} trips completed, {} abandoned, {} fixes accepted, {} retries after 429/503",
            couriersDriving, tripsCompleted.get(), tripsAbandoned.get(), calls == null ? 0 : calls.fixesAccepted.get(),
            api == null ? 0 : api.retries.get());
    }

    private void nextTrip(int courier) {
        if (stopping || (settings.trips() > 0 && tripsStarted >= settings.trips())) {
            if (couriersDriving == 0) {
                finished.tryComplete();
            }
            return;
        }
        tripsStarted++;
        couriersDriving++;
        City[] ends = Cities.randomTrip(random);
        Trip trip = new Trip("courier-" + courier, Route.between(ends[0], ends[1]));
        (settings.orders() ? calls.openOrder(trip) : calls.openShipment(trip))
            .compose(v -> calls.scan(trip, "ARRIVED", trip.route.origin.name() + " warehouse"))
            .compose(v -> calls.scan(trip, "DEPARTED", trip.route.origin.name() + " warehouse"))
            .compose(v -> settings.orders() ? calls.status(trip, "OUT_FOR_DELIVERY") : Future.succeededFuture())
            .compose(v -> drive(trip))
            // At the door, inside the geofence, for longer than its dwell: Meridian sees the courier arrive.
            .compose(v -> dwell(trip, settings.doorFixes()))
            .compose(v -> settings.orders() ? calls.status(trip, "DELIVERED")
                : calls.scan(trip, "ARRIVED", trip.route.destination.name() + " delivery point"))
            .onComplete(done -> {
                couriersDriving--;
                if (done.succeeded()) {
                    tripsCompleted.incrementAndGet();
                    LOG.debug("{} delivered {} ({} → {})", trip.courierId, trip.label(), trip.route.origin.name(),
                        trip.route.destination.name());
                } else if (!stopping) {
                    tripsAbandoned.incrementAndGet();
                    LOG.warn("{} abandoned {}: {}", trip.courierId, trip.label(), done.cause().getMessage());
                }
                // A short break between trips; the courier's next trip starts from a new city.
                vertx.setTimer(1 + random.nextLong(Math.max(1, settings.interval().toMillis() * 3)),
                    t -> nextTrip(courier));
            });
    }

    /** One fix per interval until the destination; a stop at the hub, scanned in and out. */
    private Future<Void> drive(Trip trip) {
        if (stopping) {
            return Future.failedFuture("stopping");
        }
        double step = settings.speed() * settings.interval().toMillis() / 1000.0;
        Future<Void> hubScans = Future.succeededFuture();
        boolean reachesHub = trip.driven < trip.route.hubAt() && trip.driven + step >= trip.route.hubAt();
        String hub = trip.route.hub.name() + " hub";
        if (reachesHub) {
            trip.driven = trip.route.hubAt();
            hubScans = calls.fix(trip, 0).compose(v -> calls.scan(trip, "ARRIVED", hub))
                .compose(v -> dwell(trip, HUB_DWELL_FIXES))
                .compose(v -> calls.scan(trip, "DEPARTED", hub));
        } else {
            trip.driven = Math.min(trip.route.meters(), trip.driven + step);
        }
        return hubScans
            .compose(v -> reachesHub ? Future.succeededFuture()
                : calls.fix(trip, settings.speed() * (0.9 + 0.2 * random.nextDouble())))
            .compose(v -> trip.driven >= trip.route.meters() ? Future.succeededFuture()
                : calls.pause(settings.interval()).compose(p -> drive(trip)));
    }

    private Future<Void> dwell(Trip trip, int fixes) {
        return fixes == 0 ? Future.succeededFuture()
            : calls.pause(settings.interval()).compose(v -> calls.fix(trip, 0)).compose(v -> dwell(trip, fixes - 1));
    }
}
