package verticles.platform.http;

import io.vertx.ext.web.RoutingContext;

/** Who is calling, as authentication left it in the routing context for the routes after it. */
public final class Caller {

    private static final String TENANT = "meridian.tenantId";
    private static final String GRANTED_ENTITY = "meridian.grantedEntity";
    private static final String QUOTA = "meridian.quota";
    private static final String CREDENTIAL = "meridian.credential";
    private static final String HISTORY_RETENTION = "meridian.historyRetention";

    /**
     * What the caller authenticated with, for what must end when it does: the API key's hash, or
     * the instant its stream token expires (the other is null).
     */
    public record Credential(String keyHash, java.time.Instant expiresAt) {
    }

    /**
     * Whose request budget a request spends: a bucket (one per API key), and the tenant's own
     * rate and burst, or null for the configured defaults.
     */
    public record Quota(String bucket, Integer perSecond, Integer burst) {
    }

    private Caller() {
    }

    /** The authenticated tenant; {@code entityId} limits the caller to one shipment or order (a scoped stream token), or is null. */
    public static void authenticate(RoutingContext rc, String tenantId, String entityId) {
        rc.put(TENANT, tenantId);
        if (entityId != null) {
            rc.put(GRANTED_ENTITY, entityId);
        }
    }

    public static void authenticatedBy(RoutingContext rc, Credential credential) {
        rc.put(CREDENTIAL, credential);
    }

    /** The credential the caller authenticated with, or null (the admin key, or no authentication). */
    public static Credential credential(RoutingContext rc) {
        return rc.get(CREDENTIAL);
    }

    public static void spendFrom(RoutingContext rc, Quota quota) {
        rc.put(QUOTA, quota);
    }

    /** The budget the request spends, or null when authentication set none. */
    public static Quota quota(RoutingContext rc) {
        return rc.get(QUOTA);
    }

    public static String tenant(RoutingContext rc) {
        return rc.get(TENANT);
    }

    /** The one entity the caller may see, or null when it may see all of its tenant's. */
    public static String grantedEntity(RoutingContext rc) {
        return rc.get(GRANTED_ENTITY);
    }

    /** The caller's tenant keeps its history for {@code retention} (null: the configured retention). */
    public static void keepsHistoryFor(RoutingContext rc, java.time.Duration retention) {
        if (retention != null) {
            rc.put(HISTORY_RETENTION, retention);
        }
    }

    /** The history the caller's tenant keeps: its own retention when shorter than {@code configured}, else that. */
    public static java.time.Duration historyRetention(RoutingContext rc, java.time.Duration configured) {
        java.time.Duration own = rc.get(HISTORY_RETENTION);
        return own != null && own.compareTo(configured) < 0 ? own : configured;
    }
}
