package verticles.trackinglinks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import verticles.orders.OrderAddresses;
import verticles.platform.http.Caller;
import verticles.platform.http.Operations;
import verticles.platform.http.Problem;
import verticles.push.StreamRoutes;
import verticles.shipments.ShipmentAddresses;
import verticles.tenants.TenantAddresses;

import java.time.Instant;

/**
 * The customer's side of a tracking link, with no API key: {@code GET /t/{token}} (the page),
 * {@code GET /t/{token}/events} (its shipment's live stream, resumable with
 * {@code Last-Event-ID}) and, for an order's link, {@code GET /t/{token}/order-events} (the
 * order's). A token opens its one shipment (and order) and nothing else; a refused token gets
 * the same 404 whatever was wrong with it. A stream opened with a link ends when the link is
 * revoked or expires.
 */
public final class TrackingPageRoutes {

    /** No script, style or connection from anywhere but this node; the brand colour is a style attribute. */
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Vertx vertx;
    private final StreamRoutes streams;

    public TrackingPageRoutes(Vertx vertx, StreamRoutes streams) {
        this.vertx = vertx;
        this.streams = streams;
    }

    public void mount(Router router, Operations operations) {
        router.get("/t-assets/*").handler(StaticHandler.create("tracking-page").setCachingEnabled(true));
        operations.serve("getTrackingPage", this::page);
        operations.serve("streamTrackingPage", rc -> stream(rc, false));
        operations.serve("streamTrackingPageOrder", rc -> stream(rc, true));
    }

    private void page(RoutingContext rc) {
        open(rc.pathParam("token")).compose(link -> content(rc.pathParam("token"), link))
            .onSuccess(content -> html(rc, 200, TrackingPage.render(content)))
            .onFailure(e -> html(rc, 404, TrackingPage.notFound()));
    }

    private void stream(RoutingContext rc, boolean order) {
        open(rc.pathParam("token")).onComplete(ar -> {
            if (ar.failed() || order && ar.result().getString("orderId") == null) {
                Problem.send(rc, 404, "Not Found", "no such tracking page");
                return;
            }
            JsonObject link = ar.result();
            String entity = order ? link.getString("orderId") : link.getString("shipmentId");
            Caller.authenticate(rc, link.getString("tenantId"), entity);
            Caller.authenticatedBy(rc, new Caller.Credential(link.getString("streamCredential"),
                Instant.parse(link.getString("expiresAt"))));
            streams.openEntity(rc, entity);
        });
    }

    private Future<JsonObject> open(String token) {
        return ask(TrackingLinkAddresses.LINKS_OPEN, new JsonObject().put("token", token));
    }

    /** Everything the page shows, asked of the features that own it, all at once. */
    private Future<TrackingPage.Content> content(String token, JsonObject link) {
        String tenantId = link.getString("tenantId");
        String orderId = link.getString("orderId");
        JsonObject ids = new JsonObject().put("tenantId", tenantId).put("shipmentId", link.getString("shipmentId"));
        Future<JsonObject> branding = ask(TenantAddresses.TENANTS_BRANDING, new JsonObject().put("tenantId", tenantId));
        Future<JsonObject> shipment = ask(ShipmentAddresses.SHIPMENTS_GET, ids);
        Future<JsonObject> checkpoints = ask(ShipmentAddresses.SHIPMENTS_CHECKPOINTS, ids);
        Future<JsonObject> order = orderId == null ? Future.succeededFuture()
            : ask(OrderAddresses.ORDERS_GET, new JsonObject().put("tenantId", tenantId).put("orderId", orderId));
        return Future.all(branding, shipment, checkpoints, order).map(all -> new TrackingPage.Content(token,
            branding.result(), shipment.result(), checkpoints.result().getJsonArray("items", new JsonArray()), order.result()));
    }

    /** Everything the page asks only reads. */
    private Future<JsonObject> ask(String address, JsonObject message) {
        return TrackingLinkRoutes.read(vertx, address, message);
    }

    private static void html(RoutingContext rc, int status, String page) {
        rc.response().setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader("Content-Security-Policy", POLICY)
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "no-referrer")
            .end(page);
    }
}
