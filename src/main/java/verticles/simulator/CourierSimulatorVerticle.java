package verticles.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.geo.GreatCircle.Point;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.simulator.Cities.City;

import java.time.Duration;
import java.time.Instant;
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

    /** The SKU every simulated order is for; the simulator stocks it before it starts. */
    static final String SKU = "SIM-PARCEL";
    private static final int STOCK = 1_000_000;
    /** Fixes a courier stays at the hub between its ARRIVED and DEPARTED scans. */
    private static final int HUB_DWELL_FIXES = 3;
    /** Fixes a courier sends from the destination before the delivery. */
    private static final int DOOR_DWELL_FIXES = 2;
    private static final Duration CONFIRMATION_WAIT = Duration.ofSeconds(60);
    /** The fastest speed (m/s) a fix may report under the API contract. */
    private static final double MAX_REPORTED_SPEED = 1000;

    private ApiClient api;
    private Settings settings;
    private final Random random = new Random();
    private final Promise<Void> finished = Promise.promise();
    private volatile boolean stopping;
    private int tripsStarted;
    private int couriersDriving;
    private long reportTimer;

    final AtomicLong fixesAccepted = new AtomicLong();
    final AtomicLong tripsCompleted = new AtomicLong();
    final AtomicLong tripsAbandoned = new AtomicLong();

    /** What the configuration asks of the simulation. */
    record Settings(int couriers, Duration interval, double speed, boolean orders, int trips) {

        static Settings of(MeridianConfig config) {
            String mode = config.get(Keys.COURIERS_MODE);
            if (!mode.equals("orders") && !mode.equals("shipments")) {
                throw new IllegalArgumentException("couriers.mode is 'orders' or 'shipments', not '" + mode + "'");
            }
            if (config.get(Keys.COURIERS_COUNT) < 1 || config.get(Keys.COURIERS_SPEED) < 1
                || config.get(Keys.COURIERS_INTERVAL).toMillis() < 10) {
                throw new IllegalArgumentException("couriers.count and couriers.speed are at least 1, "
                    + "couriers.interval at least 10ms");
            }
            return new Settings(config.get(Keys.COURIERS_COUNT), config.get(Keys.COURIERS_INTERVAL),
                config.get(Keys.COURIERS_SPEED), mode.equals("orders"), config.get(Keys.COURIERS_TRIPS));
        }
    }

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        settings = Settings.of(config);
        String url = config.get(Keys.COURIERS_URL);
        String baseUrl = url.isBlank() ? "http://127.0.0.1:" + config.get(Keys.HTTP_PORT) : url;
        String apiKey = config.get(Keys.COURIERS_API_KEY);
        if (apiKey.isBlank()) {
            return Future.failedFuture("the courier simulator needs an API key (couriers.api-key)");
        }
        api = new ApiClient(vertx, baseUrl, apiKey, Math.max(8, settings.couriers() / 4));
        LOG.info("{} simulated couriers driving {} against {}: a fix every {} ms at {} m/s", settings.couriers(),
            settings.orders() ? "orders" : "standalone shipments", api.baseUrl(), settings.interval().toMillis(),
            settings.speed());
        reportTimer = vertx.setPeriodic(60_000, t -> report());
        // Stock first (orders need it), then the couriers set off spread over one interval, not all at once.
        Future<?> ready = settings.orders() ? stock() : Future.succeededFuture();
        ready.onSuccess(v -> {
            for (int courier = 1; courier <= settings.couriers(); courier++) {
                int id = courier;
                vertx.setTimer(1 + random.nextLong(Math.max(1, settings.interval().toMillis())), t -> nextTrip(id));
            }
        }).onFailure(e -> {
            LOG.error("the courier simulator could not stock {}: {}", SKU, e.getMessage());
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
            couriersDriving, tripsCompleted.get(), tripsAbandoned.get(), fixesAccepted.get(),
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
        (settings.orders() ? openOrder(trip) : openShipment(trip))
            .compose(v -> scan(trip, "ARRIVED", trip.route.origin.name() + " warehouse"))
            .compose(v -> scan(trip, "DEPARTED", trip.route.origin.name() + " warehouse"))
            .compose(v -> settings.orders() ? status(trip, "OUT_FOR_DELIVERY") : Future.succeededFuture())
            .compose(v -> drive(trip))
            // At the door for a few fixes, inside the geofence, before the hand-over.
            .compose(v -> dwell(trip, DOOR_DWELL_FIXES))
            .compose(v -> settings.orders() ? status(trip, "DELIVERED")
                : scan(trip, "ARRIVED", trip.route.destination.name() + " delivery point"))
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

    private Future<Void> stock() {
        return call(HttpMethod.PUT, "/v1/inventory/" + SKU, new JsonObject().put("available", STOCK)).mapEmpty();
    }

    /** Places the trip's order, waits for the inventory saga to confirm it, and starts preparing it. */
    private Future<Void> openOrder(Trip trip) {
        City destination = trip.route.destination;
        JsonObject order = new JsonObject()
            .put("customer", new JsonObject().put("name", "Customer in " + destination.name()))
            .put("items", new JsonArray().add(new JsonObject().put("sku", SKU).put("quantity", 1)))
            .put("destination", new JsonObject().put("lat", destination.lat()).put("lon", destination.lon())
                .put("address", destination.name() + " city centre"));
        return call(HttpMethod.POST, "/v1/orders", order)
            .compose(placed -> {
                trip.orderId = placed.getString("id");
                return confirmed(trip, Instant.now().plus(CONFIRMATION_WAIT));
            })
            .compose(v -> status(trip, "PREPARING"));
    }

    private Future<Void> confirmed(Trip trip, Instant deadline) {
        return call(HttpMethod.GET, "/v1/orders/" + trip.orderId, null).compose(order -> {
            String status = order.getString("status");
            if ("CONFIRMED".equals(status)) {
                trip.shipmentId = order.getString("shipmentId");
                return Future.succeededFuture();
            }
            if ("REJECTED".equals(status)) {
                // Out of stock: restock for the trips that follow; this one is over.
                return stock().compose(v -> Future.failedFuture("order " + trip.orderId + " was rejected (restocked)"));
            }
            if (Instant.now().isAfter(deadline)) {
                return Future.failedFuture("order " + trip.orderId + " was not confirmed within "
                    + CONFIRMATION_WAIT.toSeconds() + " s (is the inventory saga running?)");
            }
            return pause(Duration.ofMillis(250)).compose(v -> confirmed(trip, deadline));
        });
    }

    private Future<Void> openShipment(Trip trip) {
        City origin = trip.route.origin;
        City destination = trip.route.destination;
        JsonObject shipment = new JsonObject()
            .put("reference", "sim-" + origin.name() + "-" + destination.name())
            .put("origin", new JsonObject().put("lat", origin.lat()).put("lon", origin.lon())
                .put("address", origin.name() + " warehouse"))
            .put("destination", new JsonObject().put("lat", destination.lat()).put("lon", destination.lon())
                .put("address", destination.name() + " delivery point"));
        return call(HttpMethod.POST, "/v1/shipments", shipment).map(created -> {
            trip.shipmentId = created.getString("id");
            return null;
        });
    }

    private Future<Void> status(Trip trip, String status) {
        return call(HttpMethod.PUT, "/v1/orders/" + trip.orderId + "/status", new JsonObject().put("status", status))
            .mapEmpty();
    }

    private Future<Void> scan(Trip trip, String type, String facility) {
        return call(HttpMethod.POST, "/v1/shipments/" + trip.shipmentId + "/checkpoints", new JsonObject()
            .put("facility", facility).put("type", type).put("at", trip.nextDeviceTime().toString())).mapEmpty();
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
            hubScans = fix(trip, 0).compose(v -> scan(trip, "ARRIVED", hub))
                .compose(v -> dwell(trip, HUB_DWELL_FIXES))
                .compose(v -> scan(trip, "DEPARTED", hub));
        } else {
            trip.driven = Math.min(trip.route.meters(), trip.driven + step);
        }
        return hubScans
            .compose(v -> reachesHub ? Future.succeededFuture() : fix(trip, settings.speed() * (0.9 + 0.2 * random.nextDouble())))
            .compose(v -> trip.driven >= trip.route.meters() ? Future.succeededFuture()
                : pause(settings.interval()).compose(p -> drive(trip)));
    }

    private Future<Void> dwell(Trip trip, int fixes) {
        return fixes == 0 ? Future.succeededFuture()
            : pause(settings.interval()).compose(v -> fix(trip, 0)).compose(v -> dwell(trip, fixes - 1));
    }

    private Future<Void> fix(Trip trip, double speed) {
        Point at = trip.route.at(trip.driven);
        JsonObject fix = new JsonObject()
            .put("lat", Math.round(at.lat() * 1e6) / 1e6)
            .put("lon", Math.round(at.lon() * 1e6) / 1e6)
            .put("recordedAt", trip.nextDeviceTime().toString())
            .put("heading", Math.round(trip.route.headingAt(trip.driven)))
            .put("accuracy", 5 + random.nextInt(11))
            .put("courierId", trip.courierId);
        // Over the API's limit only in tests' time-lapse runs: then Meridian derives the speed itself.
        if (speed <= MAX_REPORTED_SPEED) {
            fix.put("speed", Math.round(speed * 10) / 10.0);
        }
        return call(HttpMethod.POST, "/v1/shipments/" + trip.shipmentId + "/locations", fix)
            .onSuccess(accepted -> fixesAccepted.incrementAndGet())
            .mapEmpty();
    }

    private Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
        return api.call(method, path, body);
    }

    private Future<Void> pause(Duration duration) {
        return api.pause(duration);
    }
}
