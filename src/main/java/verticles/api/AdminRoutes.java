package verticles.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.Rules;
import verticles.domain.ValidationException;
import verticles.domain.tenant.NewTenant;
import verticles.platform.Addresses;
import verticles.platform.http.Problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * {@code /v1/admin}: tenants and their keys, for the operator holding the admin key
 * ({@code auth.admin-key}; with none set the routes do not exist). A new key is answered once,
 * in full; afterwards only its prefix is ever shown.
 */
final class AdminRoutes {

    private final Vertx vertx;
    private final byte[] adminKey;

    AdminRoutes(Vertx vertx, String adminKey) {
        this.vertx = vertx;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isAdminPath(RoutingContext rc) {
        return rc.normalizedPath().startsWith("/v1/admin/");
    }

    void mount(Router router) {
        router.post("/v1/admin/tenants").handler(this::createTenant);
        router.get("/v1/admin/tenants/:id/keys").handler(rc -> Replies.ask(vertx, rc, Addresses.TENANTS_KEYS_LIST,
            new JsonObject().put("tenantId", rc.pathParam("id"))));
        router.post("/v1/admin/tenants/:id/keys").handler(rc -> Replies.create(vertx, rc, Addresses.TENANTS_KEYS_CREATE,
            new JsonObject().put("tenantId", rc.pathParam("id")), "/v1/admin/tenants/" + rc.pathParam("id") + "/keys"));
        router.put("/v1/admin/tenants/:id/rate-limit").handler(this::setRateLimit);
        router.delete("/v1/admin/tenants/:id/keys/:prefix").handler(rc -> Replies.ask(vertx, rc,
            Addresses.TENANTS_KEYS_REVOKE, new JsonObject().put("tenantId", rc.pathParam("id"))
                .put("prefix", rc.pathParam("prefix"))));
    }

    /** Lets the admin key through; anything else is 401, and every admin route is 404 when no admin key is set. */
    void authenticate(RoutingContext rc) {
        if (adminKey.length == 0) {
            Problem.send(rc, 404, "Not Found", "admin routes are disabled: set auth.admin-key to enable them");
            return;
        }
        String presented = ApiKeyAuthentication.presentedKey(rc);
        if (presented == null || !MessageDigest.isEqual(adminKey, presented.getBytes(StandardCharsets.UTF_8))) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            Problem.send(rc, 401, "Unauthorized", "admin routes need the admin key");
            return;
        }
        rc.next();
    }

    /** {@code {"perSecond": n, "burst": n}} (each 1–1,000,000), or both null to return to the configured default. */
    private void setRateLimit(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        if (body == null) {
            return;
        }
        Rules rules = new Rules();
        rules.onlyKnown(body, "", java.util.Set.of("perSecond", "burst"));
        Integer perSecond = body.get("perSecond") == null ? null
            : rules.wholeNumber(body.get("perSecond"), "perSecond", 1, 1_000_000);
        Integer burst = body.get("burst") == null ? null : rules.wholeNumber(body.get("burst"), "burst", 1, 1_000_000);
        if ((perSecond == null) != (burst == null) && rules.size() == 0) {
            rules.add("burst", "give perSecond and burst together, or neither to return to the default");
        }
        if (rules.size() > 0) {
            Replies.invalid(rc, "the rate limit is not valid", rules.violations());
            return;
        }
        Replies.ask(vertx, rc, Addresses.TENANTS_RATE_LIMIT, new JsonObject().put("tenantId", rc.pathParam("id"))
            .put("perSecond", perSecond).put("burst", burst));
    }

    private void createTenant(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        if (body == null) {
            return;
        }
        NewTenant tenant;
        try {
            tenant = NewTenant.parse(body);
        } catch (ValidationException e) {
            Replies.invalid(rc, e);
            return;
        }
        Replies.create(vertx, rc, Addresses.TENANTS_CREATE, new JsonObject().put("name", tenant.name()),
            "/v1/admin/tenants");
    }
}
