package verticles.push;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived signed tokens for browsers, whose {@code EventSource} cannot send an API key
 * header: {@code base64url(claims) "." base64url(HMAC-SHA256(claims))}, the claims naming the
 * tenant ({@code t}), optionally the one shipment or order the token is for ({@code e}), and the
 * expiry in epoch seconds ({@code x}). Every node of a cluster must share the secret.
 */
public final class StreamTokens implements Shareable {

    /** What a valid token grants: a tenant, and the one entity it is limited to (null: any of the tenant's). */
    public record Grant(String tenantId, String entityId, Instant expiresAt) {
    }

    /** A token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] secret;
    private final Duration ttl;

    public StreamTokens(byte[] secret, Duration ttl) {
        this.secret = secret.clone();
        this.ttl = ttl;
    }

    /**
     * The node's tokens, signed with the configured secret or, when it is empty, with a random one
     * that every verticle of this node shares and no other node knows.
     */
    public static StreamTokens forNode(Vertx vertx, String configured, Duration ttl) {
        LocalMap<String, StreamTokens> map = vertx.sharedData().getLocalMap("meridian.push.tokens");
        StreamTokens made = fromSecret(configured, ttl);
        StreamTokens existing = map.putIfAbsent("tokens", made);
        return existing == null ? made : existing;
    }

    static StreamTokens fromSecret(String configured, Duration ttl) {
        if (configured == null || configured.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new StreamTokens(random, ttl);
        }
        return new StreamTokens(configured.getBytes(StandardCharsets.UTF_8), ttl);
    }

    public Issued issue(String tenantId, String entityId, Instant now) {
        Instant expiresAt = now.plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonObject claims = new JsonObject().put("t", tenantId).put("x", expiresAt.getEpochSecond());
        if (entityId != null) {
            claims.put("e", entityId);
        }
        String body = ENCODER.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        return new Issued(body + "." + ENCODER.encodeToString(sign(body)), expiresAt);
    }

    /** The grant of a well-signed, unexpired token; null for anything else. */
    public Grant verify(String token, Instant now) {
        if (token == null || token.length() > 1_024) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return null;
        }
        String body = token.substring(0, dot);
        try {
            byte[] presented = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(presented, sign(body))) {
                return null;
            }
            JsonObject claims = new JsonObject(new String(DECODER.decode(body), StandardCharsets.UTF_8));
            if (now.getEpochSecond() >= claims.getLong("x")) {
                return null;
            }
            return new Grant(claims.getString("t"), claims.getString("e"), Instant.ofEpochSecond(claims.getLong("x")));
        } catch (IllegalArgumentException | DecodeException | ClassCastException | NullPointerException e) {
            return null;
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
