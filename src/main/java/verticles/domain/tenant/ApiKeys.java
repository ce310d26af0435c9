package verticles.domain.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys are bearer secrets: only their SHA-256 is stored. Keys Meridian issues carry 256
 * random bits, so a fast hash is enough (there is nothing to brute-force); the short prefix
 * identifies a key in listings without revealing it.
 */
public final class ApiKeys {

    static final int PREFIX_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String hash(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The visible start of a key, enough to tell a tenant's keys apart in a listing. */
    public static String prefix(String apiKey) {
        return apiKey.length() <= PREFIX_LENGTH ? apiKey : apiKey.substring(0, PREFIX_LENGTH);
    }

    /** A new key: {@code mk_} and 256 random bits, URL-safe. Shown once; only its hash is kept. */
    public static String newKey() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "mk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
