package verticles.domain.tracking;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The token of a customer's tracking link: {@code <linkId>.<expiry in epoch seconds>.<signature>},
 * the signature an HMAC-SHA256 of the first two parts under the link's own random key. The key
 * is kept with the link, so a token survives restarts and needs no secret in the configuration;
 * changing the expiry or the link breaks the signature, and deleting the link (revoking it)
 * leaves nothing to check a signature against.
 */
public record LinkToken(String linkId, Instant expiresAt) {

    private static final Pattern SHAPE = Pattern.compile("(lnk_[0-9a-hjkmnp-tv-z]{26})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh random signing key for one link. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** This token, signed with the link's {@code key}. */
    public String sign(byte[] key) {
        String claims = linkId + "." + expiresAt.getEpochSecond();
        return claims + "." + ENCODER.encodeToString(hmac(key, claims));
    }

    /** What a well-shaped token claims, before its signature is checked; null for anything else. */
    public static LinkToken read(String token) {
        var m = token == null || token.length() > 100 ? null : SHAPE.matcher(token);
        return m == null || !m.matches() ? null : new LinkToken(m.group(1), Instant.ofEpochSecond(Long.parseLong(m.group(2))));
    }

    /** True when {@code token} is this one, signed with {@code key}, and unexpired at {@code now}. */
    public boolean isValid(String token, byte[] key, Instant now) {
        byte[] expected = sign(key).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII)) && now.isBefore(expiresAt);
    }

    private static byte[] hmac(byte[] key, String claims) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(claims.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
