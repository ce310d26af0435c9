package verticles.domain.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * API keys are bearer secrets: only their SHA-256 is stored. Keys Meridian issues carry 256
 * random bits, so a fast hash is enough (there is nothing to brute-force); the short prefix
 * identifies a key in listings without revealing it.
 */
public final class ApiKeys {

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

    public static String prefix(String apiKey) {
        return apiKey.length() <= 8 ? apiKey : apiKey.substring(0, 8);
    }
}
