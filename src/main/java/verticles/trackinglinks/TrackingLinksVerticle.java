package verticles.trackinglinks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.domain.tracking.LinkToken;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.tenants.TenantAddresses;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Owns customers' tracking links: makes them (a signed, expiring token scoped to one shipment),
 * revokes them, and says what a token opens. Whatever is wrong with a token (its shape, its
 * signature, its expiry, a revoked or unknown link) is answered with the same 404, so a refusal
 * tells nothing about the shipment or the link.
 */
public final class TrackingLinksVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingLinksVerticle.class);

    private Pool pool;
    private TrackingLinkStore store;
    private Duration ttl;
    private List<MessageConsumer<JsonObject>> consumers;

    /** The prefix of the credential a link's streams are tracked under, so revoking the link ends them. */
    static final String STREAM_CREDENTIAL_PREFIX = "link:";

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "tracking-links");
        store = new TrackingLinkStore(pool);
        ttl = config.get(TrackingLinkKeys.TRACKING_LINKS_TTL);
        var bus = vertx.eventBus();
        consumers = List.of(
            bus.<JsonObject>consumer(TrackingLinkAddresses.LINKS_CREATE, m -> CommandFailure.replyTo(m, create(m.body()), LOG)),
            bus.<JsonObject>consumer(TrackingLinkAddresses.LINKS_REVOKE, m -> CommandFailure.replyTo(m, revoke(m.body()), LOG)),
            bus.<JsonObject>consumer(TrackingLinkAddresses.LINKS_OPEN, m -> CommandFailure.replyTo(m, open(m.body()), LOG)));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).eventually(pool::close);
    }

    private Future<JsonObject> create(JsonObject command) {
        String id = Ids.newTrackingLinkId();
        Instant expiresAt = Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        byte[] key = LinkToken.newKey();
        String token = new LinkToken(id, expiresAt).sign(key);
        return store.create(id, command.getString("tenantId"), command.getString("shipmentId"), command.getString("orderId"),
                key, expiresAt)
            .map(v -> new JsonObject().put("id", id).put("url", "/t/" + token).put("expiresAt", expiresAt.toString()));
    }

    private Future<JsonObject> revoke(JsonObject command) {
        String id = command.getString("linkId");
        return store.revoke(command.getString("tenantId"), id).compose(revoked -> {
            if (!revoked) {
                return CommandFailure.fail(404, "no tracking link " + id);
            }
            // The pages open on it end at once, on every node, like the streams of a revoked API key.
            vertx.eventBus().publish(TenantAddresses.API_KEYS_REVOKED,
                new JsonObject().put("keyHashes", new JsonArray().add(STREAM_CREDENTIAL_PREFIX + id)));
            return Future.succeededFuture(new JsonObject().put("revoked", id));
        });
    }

    private Future<JsonObject> open(JsonObject query) {
        String token = query.getString("token");
        LinkToken claimed = LinkToken.read(token);
        if (claimed == null) {
            return notFound();
        }
        return store.open(claimed.linkId()).compose(found -> {
            if (found.isEmpty() || !claimed.isValid(token, found.get().signingKey(), Instant.now())) {
                return notFound();
            }
            TrackingLinkStore.Link link = found.get();
            return Future.succeededFuture(new JsonObject().put("linkId", claimed.linkId()).put("tenantId", link.tenantId())
                .put("shipmentId", link.shipmentId()).put("orderId", link.orderId())
                .put("expiresAt", link.expiresAt().toString())
                .put("streamCredential", STREAM_CREDENTIAL_PREFIX + claimed.linkId()));
        });
    }

    private static Future<JsonObject> notFound() {
        return CommandFailure.fail(404, "no such tracking page");
    }
}
