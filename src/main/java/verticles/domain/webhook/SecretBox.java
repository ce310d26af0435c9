package verticles.domain.webhook;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhook signing secrets at rest, sealed with AES-256-GCM under a master key from configuration
 * ({@code webhooks.secret-keys}: {@code <id>:<base64 of 32 bytes>} entries, the first of which
 * seals; every one opens). A sealed secret reads {@code v1:<key id>:<base64 of nonce and
 * ciphertext>}, bound to its webhook's id, so a sealed value copied to another row does not open.
 *
 * <p>Rotation: put the new key first and keep the old ones after it. Secrets sealed under an old
 * key still open, {@link #needsResealing} says which they are, and each node reseals them under
 * the first key at start; once none is left, the old key can go. A value from before sealing
 * existed (a {@code whsec_} secret in clear) opens as it is and is resealed the same way.
 */
public final class SecretBox {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String primaryId;
    private final Map<String, SecretKeySpec> keys;

    private SecretBox(String primaryId, Map<String, SecretKeySpec> keys) {
        this.primaryId = primaryId;
        this.keys = keys;
    }

    /** The box for configured entries; an empty list or a malformed entry is refused, naming the entry. */
    public static SecretBox of(List<String> entries) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            String id = colon > 0 ? entry.substring(0, colon) : "";
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (!id.matches("[A-Za-z0-9_-]{1,32}") || key.length != 32 || keys.containsKey(id)) {
                throw new IllegalArgumentException("a webhooks.secret-keys entry must be <id>:<base64 of 32 random bytes>, "
                    + "each id once: " + (id.isEmpty() ? "an entry without an id" : "the entry " + id));
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("webhooks.secret-keys holds no key");
        }
        return new SecretBox(keys.keySet().iterator().next(), keys);
    }

    /** {@code secret} sealed under the first key, bound to {@code webhookId}. */
    public String seal(String secret, String webhookId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(primaryId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION + ":" + primaryId + ":" + Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret a stored value holds; fails when its key is not configured or the value was tampered with. */
    public String open(String stored, String webhookId) {
        if (!stored.startsWith(VERSION + ":")) {
            return stored;
        }
        String[] parts = stored.split(":", 3);
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("webhook " + webhookId + "'s secret is sealed under key " + parts[1]
                + ", which webhooks.secret-keys no longer holds");
        }
        byte[] sealed = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("webhook " + webhookId + "'s sealed secret does not open: " + e.getMessage());
        }
    }

    /** Whether a stored value is in clear or sealed under a key other than the first. */
    public boolean needsResealing(String stored) {
        return !stored.startsWith(VERSION + ":" + primaryId + ":");
    }

    /** The stored-value prefix of secrets sealed under the first key, for finding the others in SQL. */
    public String currentPrefix() {
        return VERSION + ":" + primaryId + ":";
    }
}
