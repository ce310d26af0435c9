package verticles.api;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.tenant.ApiKeys;
import verticles.platform.http.Caller;
import verticles.platform.http.Problem;
import verticles.push.StreamTokens;
import verticles.tenants.KeyDirectory;
import verticles.tenants.TenantAddresses;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code Authorization: Bearer <key>} (or {@code X-API-Key}) to the caller's tenant and
 * puts it in the routing context; on the stream routes a {@code ?token=} from
 * {@code POST /v1/stream-tokens} does the same. Anything else answers 401. Verified keys are remembered for a
 * short, configured time so the hot path does not ask PostgreSQL on every request. Failed
 * attempts are made cheap by {@link FailedAuthentication}: an unknown key is remembered briefly,
 * and an address that fails too often is answered 429 without a lookup.
 */
final class ApiKeyAuthentication implements Handler<RoutingContext> {

    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(String tenantId, Caller.Quota quota, java.time.Duration historyRetention, long expiresAtNanos) {
    }

    private final KeyDirectory keys;
    private final StreamTokens streamTokens;
    private final long ttlNanos;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final FailedAuthentication failures;

    ApiKeyAuthentication(KeyDirectory keys, StreamTokens streamTokens, Duration ttl, FailedAuthentication failures) {
        this.keys = keys;
        this.streamTokens = streamTokens;
        this.ttlNanos = ttl.toNanos();
        this.failures = failures;
    }

    /**
     * Drops keys revoked on any node from this memory at once (see {@link TenantAddresses#API_KEYS_REVOKED}),
     * and every key of a tenant whose settings changed, so its new rate limit applies at once.
     */
    void forgetChangedKeys(EventBus bus) {
        bus.<JsonObject>consumer(TenantAddresses.API_KEYS_REVOKED, m ->
            m.body().getJsonArray("keyHashes").forEach(hash -> remembered.remove((String) hash)));
        bus.<JsonObject>consumer(TenantAddresses.TENANTS_CHANGED, m -> {
            String tenantId = m.body().getString("tenantId");
            remembered.values().removeIf(known -> known.tenantId().equals(tenantId));
        });
    }

    static String presentedKey(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        String header = rc.request().getHeader("X-API-Key");
        return header == null || header.isBlank() ? null : header.trim();
    }

    @Override
    public void handle(RoutingContext rc) {
        String key = presentedKey(rc);
        if (key == null && isStream(rc) && rc.request().getParam("token") != null) {
            StreamTokens.Grant grant = streamTokens.verify(rc.request().getParam("token"), Instant.now());
            if (grant == null) {
                unauthorized(rc, "the stream token is not valid or has expired; ask POST /v1/stream-tokens for a new one");
                return;
            }
            Caller.authenticate(rc, grant.tenantId(), grant.entityId());
            Caller.authenticatedBy(rc, new Caller.Credential(null, grant.expiresAt()));
            Caller.spendFrom(rc, new Caller.Quota("tenant:" + grant.tenantId(), null, null));
            rc.next();
            return;
        }
        if (key == null) {
            unauthorized(rc, "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
            return;
        }
        String hash = ApiKeys.hash(key);
        Remembered known = remembered.get(hash);
        if (known != null && known.expiresAtNanos() - System.nanoTime() > 0) {
            Caller.authenticate(rc, known.tenantId(), null);
            Caller.authenticatedBy(rc, new Caller.Credential(hash, null));
            Caller.spendFrom(rc, known.quota());
            Caller.keepsHistoryFor(rc, known.historyRetention());
            rc.next();
            return;
        }
        String address = rc.request().remoteAddress() == null ? "" : rc.request().remoteAddress().hostAddress();
        // A key remembered but expired was valid at its last lookup and not revoked since (a
        // revocation forgets it at once): looking it up again is not a guess, so a flood of
        // guesses from the same address (a NAT, a load balancer) must not lock it out.
        boolean recentlyValid = known != null;
        if (!recentlyValid && failures.isKnownUnknown(hash)) {
            failures.failed(address);
            unauthorized(rc, "the API key is not valid");
            return;
        }
        if (!recentlyValid && !failures.mayTry(address)) {
            rc.response().putHeader("Retry-After", String.valueOf(Math.max(1, failures.retryAfterSeconds(address))));
            Problem.send(rc, 429, "Too Many Requests", "too many failed authentications from this address; retry later");
            return;
        }
        keys.lookup(hash).onComplete(ar -> {
            if (ar.failed()) {
                rc.fail(503, ar.cause());
            } else if (ar.result().isEmpty()) {
                remembered.remove(hash);
                failures.rememberUnknown(hash);
                failures.failed(address);
                unauthorized(rc, "the API key is not valid");
            } else {
                KeyDirectory.Key found = ar.result().get();
                String tenantId = found.tenantId();
                Caller.Quota quota = new Caller.Quota("key:" + hash.substring(0, 32), found.ratePerSecond(), found.rateBurst());
                if (remembered.size() >= MAX_REMEMBERED) {
                    remembered.clear();
                }
                remembered.put(hash, new Remembered(tenantId, quota, found.historyRetention(), System.nanoTime() + ttlNanos));
                Caller.authenticate(rc, tenantId, null);
                Caller.authenticatedBy(rc, new Caller.Credential(hash, null));
                Caller.spendFrom(rc, quota);
                Caller.keepsHistoryFor(rc, found.historyRetention());
                rc.next();
            }
        });
    }

    /** Stream tokens are accepted on the stream routes alone: a browser's EventSource cannot send a header. */
    private static boolean isStream(RoutingContext rc) {
        return rc.request().method() == HttpMethod.GET && rc.normalizedPath().endsWith("/events");
    }

    private static void unauthorized(RoutingContext rc, String detail) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        Problem.send(rc, 401, "Unauthorized", detail);
    }
}
