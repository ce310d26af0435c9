package verticles.platform.http;

import io.vertx.ext.web.RoutingContext;

/** Who is calling, as authentication left it in the routing context for the routes after it. */
public final class Caller {

    private static final String TENANT = "meridian.tenantId";
    private static final String GRANTED_ENTITY = "meridian.grantedEntity";

    private Caller() {
    }

    /** The authenticated tenant; {@code entityId} limits the caller to one shipment or order (a scoped stream token), or is null. */
    public static void authenticate(RoutingContext rc, String tenantId, String entityId) {
        rc.put(TENANT, tenantId);
        if (entityId != null) {
            rc.put(GRANTED_ENTITY, entityId);
        }
    }

    public static String tenant(RoutingContext rc) {
        return rc.get(TENANT);
    }

    /** The one entity the caller may see, or null when it may see all of its tenant's. */
    public static String grantedEntity(RoutingContext rc) {
        return rc.get(GRANTED_ENTITY);
    }
}
