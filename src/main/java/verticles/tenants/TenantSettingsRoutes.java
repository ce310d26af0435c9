package verticles.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import verticles.platform.http.Replies;
import verticles.platform.http.Operations;
import verticles.platform.http.RequestBodies;

/**
 * {@code /v1/tenant/...}: what a tenant sets for itself with its own key. The branding is how its
 * customers' tracking pages show it: a display name and a colour (the contract checks both).
 */
public final class TenantSettingsRoutes {

    private final Vertx vertx;

    public TenantSettingsRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("setBranding", rc -> {
            java.util.Map<String, Object> body = RequestBodies.jsonObject(rc);
            Replies.ask(vertx, rc, TenantAddresses.TENANTS_BRANDING_SET, new JsonObject().put("tenantId", Replies.tenant(rc))
                .put("displayName", body.get("displayName")).put("colour", body.get("colour")));
        });
    }
}
