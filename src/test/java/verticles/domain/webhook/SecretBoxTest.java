package verticles.domain.webhook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Webhook secrets at rest")
class SecretBoxTest {

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private final SecretBox old = SecretBox.of(List.of("k1:" + key(1)));
    private final SecretBox rotated = SecretBox.of(List.of("k2:" + key(2), "k1:" + key(1)));

    @Test
    @DisplayName("are sealed, never in clear, differently each time, and open to the same secret")
    void sealAndOpen() {
        String secret = Signature.newSecret();
        String sealed = old.seal(secret, "whk_1");
        assertTrue(sealed.startsWith("v1:k1:"), sealed);
        assertFalse(sealed.contains(secret.substring(6)));
        assertNotEquals(sealed, old.seal(secret, "whk_1"), "a fresh nonce every time");
        assertEquals(secret, old.open(sealed, "whk_1"));
    }

    @Test
    @DisplayName("do not open for another webhook, when tampered with, or without their key")
    void refusals() {
        String sealed = old.seal("whsec_x", "whk_1");
        assertThrows(IllegalStateException.class, () -> old.open(sealed, "whk_2"));
        char[] chars = sealed.toCharArray();
        chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> old.open(new String(chars), "whk_1"));
        SecretBox other = SecretBox.of(List.of("k3:" + key(3)));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> other.open(sealed, "whk_1"));
        assertTrue(missing.getMessage().contains("k1"), missing.getMessage());
    }

    @Test
    @DisplayName("rotate: the old key's secrets still open, are marked for resealing, and reseal under the new key")
    void rotation() {
        String underOld = old.seal("whsec_rotate", "whk_9");
        assertEquals("whsec_rotate", rotated.open(underOld, "whk_9"));
        assertTrue(rotated.needsResealing(underOld));
        String resealed = rotated.seal(rotated.open(underOld, "whk_9"), "whk_9");
        assertTrue(resealed.startsWith(rotated.currentPrefix()));
        assertFalse(rotated.needsResealing(resealed));
        assertTrue(rotated.needsResealing("whsec_inclear"), "a secret from before sealing is resealed too");
        assertEquals("whsec_inclear", rotated.open("whsec_inclear", "whk_9"));
    }

    @Test
    @DisplayName("refuse a configuration without a key, or with a malformed or repeated entry")
    void configuration() {
        assertThrows(IllegalArgumentException.class, () -> SecretBox.of(List.of()));
        for (String bad : List.of("nokey", ":" + key(1), "k1:short", "k 1:" + key(1), "k1:not*base64")) {
            assertThrows(IllegalArgumentException.class, () -> SecretBox.of(List.of(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SecretBox.of(List.of("k1:" + key(1), "k1:" + key(2))));
    }
}
