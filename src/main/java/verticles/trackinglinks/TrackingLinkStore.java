package verticles.trackinglinks;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.platform.maintenance.BatchedPurge;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** The SQL of tracking links. */
final class TrackingLinkStore {

    private static final String CREATE = """
        INSERT INTO tracking_links (id, tenant_id, shipment_id, order_id, signing_key, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6)""";
    private static final String OPEN = """
        SELECT tenant_id, shipment_id, order_id, signing_key, expires_at FROM tracking_links
        WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()""";
    private static final String REVOKE = """
        UPDATE tracking_links SET revoked_at = now() WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL""";
    private static final String PURGE = """
        DELETE FROM tracking_links WHERE id IN (SELECT id FROM tracking_links WHERE expires_at < $2 LIMIT $1)""";

    /** A live link: whose, what it shows, the key its tokens are signed with, and its expiry. */
    record Link(String tenantId, String shipmentId, String orderId, byte[] signingKey, Instant expiresAt) {
    }

    private final Pool pool;

    TrackingLinkStore(Pool pool) {
        this.pool = pool;
    }

    Future<Void> create(String id, String tenantId, String shipmentId, String orderId, byte[] key, Instant expiresAt) {
        return pool.preparedQuery(CREATE)
            .execute(Tuple.of(id, tenantId, shipmentId, orderId, Buffer.buffer(key), expiresAt.atOffset(ZoneOffset.UTC)))
            .mapEmpty();
    }

    /** The link, unless it is unknown, revoked or expired (its token says when, and so does the row). */
    Future<Optional<Link>> open(String id) {
        return pool.preparedQuery(OPEN).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Link(r.getString("tenant_id"), r.getString("shipment_id"), r.getString("order_id"),
                r.getBuffer("signing_key").getBytes(), r.getOffsetDateTime("expires_at").toInstant()));
        });
    }

    /** True when the tenant had such a link, live until now. */
    Future<Boolean> revoke(String tenantId, String id) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(id, tenantId)).map(rows -> rows.rowCount() > 0);
    }

    Future<Long> purgeExpiredBefore(Instant cutoff) {
        return BatchedPurge.run(pool, PURGE, cutoff.atOffset(ZoneOffset.UTC));
    }
}
