package verticles.push;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("Stream tokens")
class StreamTokensTest {

    private final StreamTokens tokens = new StreamTokens("secret".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));
    private final Instant now = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    @DisplayName("grant their tenant and entity until they expire")
    void grantUntilExpiry() {
        StreamTokens.Issued issued = tokens.issue("demo", "shp_1", now);
        assertEquals(now.plus(Duration.ofMinutes(5)), issued.expiresAt());
        assertEquals(new StreamTokens.Grant("demo", "shp_1", issued.expiresAt()), tokens.verify(issued.token(),
            now.plusSeconds(299)));
        assertNull(tokens.verify(issued.token(), now.plusSeconds(300)), "expired at expiresAt");
        assertEquals(new StreamTokens.Grant("demo", null, now.plus(Duration.ofMinutes(5))),
            tokens.verify(tokens.issue("demo", null, now).token(), now));
    }

    @Test
    @DisplayName("refuse tokens signed with another secret, altered, or not tokens at all")
    void refuseForgeries() {
        String token = tokens.issue("demo", null, now).token();
        StreamTokens other = new StreamTokens("other".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));
        assertNull(other.verify(token, now));
        String claims = token.substring(0, token.indexOf('.'));
        String acmeClaims = tokens.issue("acme", null, now).token();
        String swapped = acmeClaims.substring(0, acmeClaims.indexOf('.')) + token.substring(token.indexOf('.'));
        assertNotEquals(claims, swapped.substring(0, swapped.indexOf('.')));
        assertNull(tokens.verify(swapped, now), "claims of one token with the signature of another");
        for (String junk : new String[] {null, "", ".", "abc", "a.b.c", token + "x", "!!!.???"}) {
            assertNull(tokens.verify(junk, now), "junk: " + junk);
        }
    }
}
