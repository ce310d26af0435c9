package verticles.tenants;

/**
 * The tenants feature's event-bus addresses: its commands, and what it publishes cluster-wide. Every message body is a {@code JsonObject}, so it
 * crosses nodes without custom codecs.
 */
public final class TenantAddresses {

    private TenantAddresses() {
    }

    /** Create a tenant and its first key: {@code {name}} → {@code {id, name, apiKey, keyPrefix, createdAt}}. */
    public static final String TENANTS_CREATE = "tenants.create";
    /** A tenant's keys, by prefix: {@code {tenantId}} → {@code {items: [{prefix, createdAt, revokedAt}]}}, or 404. */
    public static final String TENANTS_KEYS_LIST = "tenants.keys.list";
    /** Issue another key: {@code {tenantId}} → {@code {apiKey, keyPrefix, createdAt}}, or 404. */
    public static final String TENANTS_KEYS_CREATE = "tenants.keys.create";
    /** Revoke a tenant's keys with a prefix: {@code {tenantId, prefix}} → {@code {revoked: n}}, or 404. */
    public static final String TENANTS_KEYS_REVOKE = "tenants.keys.revoke";
    /** Set a tenant's own rate limit: {@code {tenantId, perSecond, burst}} → the tenant's limit, or 404. */
    public static final String TENANTS_RATE_LIMIT = "tenants.rate-limit";
    /** Set a tenant's own history retention: {@code {tenantId, retention}} (a duration, or null) → the setting, or 404. */
    public static final String TENANTS_HISTORY_RETENTION = "tenants.history-retention";
    /** Set how a tenant shows itself on tracking pages: {@code {tenantId, displayName, colour}} → the branding, or 404. */
    public static final String TENANTS_BRANDING_SET = "tenants.branding.set";
    /** How a tenant shows itself: {@code {tenantId}} → {@code {displayName, colour}} (colour null: the default), or 404. */
    public static final String TENANTS_BRANDING = "tenants.branding";
    /** Published (cluster-wide) when a tenant's settings changed: {@code {tenantId}}; nodes re-read them. */
    public static final String TENANTS_CHANGED = "tenants.changed";
    /**
     * Published (cluster-wide) when keys are revoked: {@code {keyHashes: [...]}}. Every node drops
     * them from its memory of verified keys at once, rather than when that memory expires.
     */
    public static final String API_KEYS_REVOKED = "api-keys.revoked";
}
