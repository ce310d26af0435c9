package verticles.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.Violation;
import verticles.domain.tenant.NewTenant;
import verticles.platform.http.Replies;
import verticles.platform.http.Operations;
import verticles.platform.http.RequestBodies;

import java.util.List;
import java.util.Map;

/**
 * {@code /v1/admin/tenants}: tenants, their keys, rate limits and history retention, for the operator (the
 * edge lets only the admin key through). A new key is answered once, in full; afterwards only
 * its prefix is ever shown.
 */
public final class TenantAdminRoutes {

    private final Vertx vertx;

    public TenantAdminRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("createTenant", this::createTenant);
        operations.serve("listKeys", rc -> Replies.ask(vertx, rc, TenantAddresses.TENANTS_KEYS_LIST,
            new JsonObject().put("tenantId", rc.pathParam("id"))));
        operations.serve("issueKey", rc -> {
            Replies.withholdOnReplay(rc, "apiKey");
            Replies.create(vertx, rc, TenantAddresses.TENANTS_KEYS_CREATE, new JsonObject().put("tenantId", rc.pathParam("id")),
                "/v1/admin/tenants/" + rc.pathParam("id") + "/keys");
        });
        operations.serve("setRateLimit", this::setRateLimit);
        operations.serve("setHistoryRetention", this::setHistoryRetention);
        operations.serve("revokeKey", rc -> Replies.ask(vertx, rc,
            TenantAddresses.TENANTS_KEYS_REVOKE, new JsonObject().put("tenantId", rc.pathParam("id"))
                .put("prefix", rc.pathParam("prefix"))));
    }

    private void createTenant(RoutingContext rc) {
        NewTenant tenant = NewTenant.read(RequestBodies.jsonObject(rc));
        Replies.withholdOnReplay(rc, "apiKey");
        Replies.create(vertx, rc, TenantAddresses.TENANTS_CREATE, new JsonObject().put("name", tenant.name()),
            "/v1/admin/tenants");
    }

    /** {@code {"perSecond": n, "burst": n}} (each 1–1,000,000), or both null to return to the configured default. */
    private void setRateLimit(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        // The contract checked each value; that the two come together is this route's rule.
        Integer perSecond = (Integer) body.get("perSecond");
        Integer burst = (Integer) body.get("burst");
        if ((perSecond == null) != (burst == null)) {
            Replies.invalid(rc, "the rate limit is not valid", List.of(new Violation("burst",
                "give perSecond and burst together, or neither to return to the default")));
            return;
        }
        Replies.ask(vertx, rc, TenantAddresses.TENANTS_RATE_LIMIT, new JsonObject().put("tenantId", rc.pathParam("id"))
            .put("perSecond", perSecond).put("burst", burst));
    }

    /** {@code {"retention": "30d"}} (minutes, hours or days), or null to return to {@code history.retention}. */
    private void setHistoryRetention(RoutingContext rc) {
        // The contract checked the form: 1 to 6 digits and m, h or d, or null.
        String retention = (String) RequestBodies.jsonObject(rc).get("retention");
        Replies.ask(vertx, rc, TenantAddresses.TENANTS_HISTORY_RETENTION, new JsonObject()
            .put("tenantId", rc.pathParam("id")).put("retention", retention).put("seconds", seconds(retention)));
    }

    static Long seconds(String retention) {
        if (retention == null) {
            return null;
        }
        long amount = Long.parseLong(retention.substring(0, retention.length() - 1));
        return amount * switch (retention.charAt(retention.length() - 1)) {
            case 'm' -> 60L;
            case 'h' -> 3_600L;
            default -> 86_400L;
        };
    }
}
