package verticles.trackinglinks;

/** The tracking links feature's event-bus addresses. Every body is a {@code JsonObject}. */
public final class TrackingLinkAddresses {

    private TrackingLinkAddresses() {
    }

    /**
     * Make a link: {@code {tenantId, shipmentId, orderId}} (orderId null for a standalone shipment)
     * → {@code {id, url, expiresAt}}. The caller has checked the shipment is the tenant's.
     */
    public static final String LINKS_CREATE = "tracking-links.create";
    /** Revoke a link: {@code {tenantId, linkId}} → {@code {revoked}}, or 404. */
    public static final String LINKS_REVOKE = "tracking-links.revoke";
    /**
     * What a token opens: {@code {token}} → {@code {linkId, tenantId, shipmentId, orderId, expiresAt}},
     * or 404 for a tampered, expired, revoked or unknown one alike.
     */
    public static final String LINKS_OPEN = "tracking-links.open";
}
