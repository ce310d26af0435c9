package verticles.domain.tracking;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A tracking link's token opens only with its own key, unchanged, before it expires")
class LinkTokenTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final LinkToken LINK = new LinkToken("lnk_01m81t94ht5n1swdp370p9hyf9", NOW.plus(Duration.ofDays(30)));

    @Test
    void aSignedTokenReadsBackAndOpensWithItsKey() {
        byte[] key = LinkToken.newKey();
        String token = LINK.sign(key);
        LinkToken read = LinkToken.read(token);
        assertEquals(LINK, read);
        assertTrue(read.isValid(token, key, NOW));
        assertFalse(read.isValid(token, LinkToken.newKey(), NOW), "another link's key");
        assertFalse(read.isValid(token, key, LINK.expiresAt()), "expired at its expiry");
        assertTrue(token.matches("[A-Za-z0-9_.-]+"), "safe in a URL path and an HTML attribute");
    }

    @Test
    void everySingleCharacterChangeIsRefused() {
        byte[] key = LinkToken.newKey();
        String token = LINK.sign(key);
        String alphabet = "0123456789abcdefghjkmnpqrstvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-.";
        for (int i = 0; i < token.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c == token.charAt(i)) {
                    continue;
                }
                String tampered = token.substring(0, i) + c + token.substring(i + 1);
                LinkToken read = LinkToken.read(tampered);
                assertTrue(read == null || !read.isValid(tampered, key, NOW), tampered);
            }
        }
    }

    @Test
    void anythingNotShapedLikeATokenIsNoToken() {
        Random random = new Random(5);
        String alphabet = "lnk_.0123456789abcdefXYZ-/%<>\"' \u0000\u00e9";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder junk = new StringBuilder();
            for (int n = random.nextInt(120); n > 0; n--) {
                junk.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertNull(LinkToken.read(junk.toString()), junk::toString);
        }
        assertNull(LinkToken.read(null));
        assertNull(LinkToken.read("x".repeat(10_000)));
    }
}
