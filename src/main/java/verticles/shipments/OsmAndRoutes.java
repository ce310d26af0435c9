package verticles.shipments;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import verticles.devices.DeviceAddresses;
import verticles.domain.Checked;
import verticles.domain.Violation;
import verticles.domain.device.OsmAnd;
import verticles.domain.shipment.LocationUpdate;
import verticles.platform.CommandFailure;
import verticles.platform.cluster.ReadAsks;
import verticles.platform.http.Problem;
import verticles.platform.http.Replies;
import verticles.platform.trace.CorrelationId;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Location updates from GPS devices and phone apps over the OsmAnd protocol (what Traccar Client
 * speaks): {@code /osmand} on the main port, by GET or POST, and the root of a port of its own
 * when {@code ingest.osmand-port} is set (Traccar's is 5055). The device's identifier is its
 * credential, as in the protocol: an unknown or unassigned one is answered {@code 400}, as
 * Traccar does. A fix is read into Meridian's own update, then judged by the API's contract and
 * rules (ranges, time window) and answered {@code 200} only once Kafka acknowledged it.
 */
public final class OsmAndRoutes {

    /** A request's body: a form or one JSON position is small. */
    private static final long BODY_LIMIT = 16_384;

    private final Vertx vertx;
    private final IngestRoutes ingest;
    private final Function<Object, List<Violation>> contract;
    private final int ownPort;
    private HttpServer server;

    /**
     * {@code contract} says what is wrong with a body as {@code POST /v1/shipments/{id}/locations}
     * would; {@code ownPort} is the protocol's own port (0: none).
     */
    OsmAndRoutes(Vertx vertx, IngestRoutes ingest, Function<Object, List<Violation>> contract, int ownPort) {
        this.vertx = vertx;
        this.ingest = ingest;
        this.contract = contract;
        this.ownPort = ownPort;
    }

    /** {@code /osmand} on the API's router. */
    public void mount(Router router) {
        router.route("/osmand").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::handle);
    }

    /**
     * Listens on the protocol's own port, when one is configured, on {@code host}: every path there
     * is the protocol, as on Traccar's port. Every API instance listens; Vert.x shares the port.
     */
    public Future<Void> listenOnOwnPort(String host) {
        if (ownPort <= 0) {
            return Future.succeededFuture();
        }
        Router router = Router.router(vertx);
        router.route().handler(CorrelationId.handler());
        router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::handle);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(ownPort)).requestHandler(router).listen()
            .onSuccess(s -> server = s)
            .mapEmpty();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(RoutingContext rc) {
        OsmAnd.Reading reading;
        try {
            reading = isJson(rc) ? OsmAnd.fromJson(rc.body().asJsonObject().getMap())
                : OsmAnd.fromParameters(parameters(rc), Instant.now());
        } catch (DecodeException | ClassCastException | NullPointerException e) {
            Problem.send(rc, 400, "Bad Request", "the body is not a JSON object");
            return;
        }
        if (reading.identifier() == null || reading.identifier().isBlank()) {
            Problem.send(rc, 400, "Bad Request", "the device's identifier (id, deviceid or device_id) is missing");
            return;
        }
        if (!reading.isValid()) {
            Replies.invalid(rc, "the position is not valid", reading.violations());
            return;
        }
        resolve(reading.identifier())
            .compose(device -> accept(rc, device, reading.update()))
            .onSuccess(v -> rc.response().setStatusCode(200).end())
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    /** The device's tenant and shipment; an unknown or unassigned one is a 400, as the protocol expects. */
    private Future<JsonObject> resolve(String identifier) {
        return ReadAsks.on(vertx).<JsonObject>request(DeviceAddresses.DEVICES_RESOLVE, new JsonObject().put("identifier", identifier),
                Replies.COMMAND)
            .map(reply -> reply.body())
            .recover(e -> e instanceof io.vertx.core.eventbus.ReplyException r && r.failureCode() == 404
                ? CommandFailure.fail(400, "no device registered with this identifier") : Future.failedFuture(e))
            .compose(device -> device.getString("shipmentId") != null ? Future.succeededFuture(device)
                : CommandFailure.fail(400, "this device is not assigned to a shipment"));
    }

    private Future<Void> accept(RoutingContext rc, JsonObject device, Map<String, Object> update) {
        List<Violation> broken = contract.apply(new JsonObject(update));
        if (!broken.isEmpty()) {
            return CommandFailure.fail(400, "the position is not valid: " + describe(broken));
        }
        Checked<LocationUpdate> checked = LocationUpdate.read(update, device.getString("shipmentId"), ingest.window());
        if (!(checked instanceof Checked.Valid<LocationUpdate> valid)) {
            return CommandFailure.fail(400, "the position is not valid: " + describe(checked.violations()));
        }
        LocationUpdate fix = valid.value();
        // The courier is the device (its id, never the identifier, which may be a phone's IMEI).
        LocationUpdate fromDevice = new LocationUpdate(fix.shipmentId(), fix.lat(), fix.lon(), fix.recordedAt(), fix.speed(),
            fix.heading(), fix.accuracy(), device.getString("deviceId"));
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return ingest.send(List.of(ShipmentEvents.locationRecorded(device.getString("tenantId"),
            IngestRoutes.fixJson(fromDevice), receivedAt)), CorrelationId.of(rc), 1);
    }

    private static boolean isJson(RoutingContext rc) {
        String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    /**
     * The query's parameters and a form body's, the first of each name; with none, a body that is
     * a query string whatever its type says (some units send {@code text/plain}), as Traccar reads it.
     */
    private static Map<String, String> parameters(RoutingContext rc) {
        Map<String, String> parameters = new LinkedHashMap<>();
        rc.request().params().forEach(entry -> parameters.putIfAbsent(entry.getKey(), entry.getValue()));
        if (parameters.isEmpty() && rc.body() != null && rc.body().length() > 0) {
            new QueryStringDecoder(rc.body().asString(), false).parameters()
                .forEach((name, values) -> parameters.putIfAbsent(name, values.get(0)));
        }
        return parameters;
    }

    private static String describe(List<Violation> violations) {
        return String.join("; ", violations.stream().map(v -> v.field() + " " + v.message()).toList());
    }
}
