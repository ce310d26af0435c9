package verticles.domain.tenant;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@DisplayName("API keys")
class ApiKeysTest {

    @Test
    @DisplayName("are stored as their SHA-256, never as themselves")
    void hashedWithSha256() {
        // SHA-256 of "demo-key", computed independently with `printf demo-key | sha256sum`.
        assertEquals("c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c", ApiKeys.hash("demo-key"));
        assertNotEquals(ApiKeys.hash("demo-key"), ApiKeys.hash("demo-kez"));
        assertFalse(ApiKeys.hash("demo-key").contains("demo"));
    }

    @Test
    @DisplayName("are listed by a twelve-character prefix")
    void prefix() {
        assertEquals("mk_live_abcd", ApiKeys.prefix("mk_live_abcdefgh"));
        assertEquals("short", ApiKeys.prefix("short"));
    }

    @Test
    @DisplayName("are issued with 256 random bits, URL-safe, never twice the same")
    void issuedKeys() {
        String one = ApiKeys.newKey();
        String two = ApiKeys.newKey();
        assertNotEquals(one, two);
        assertEquals(3 + 43, one.length(), "mk_ and 32 bytes in unpadded base64url");
        assertEquals(true, one.matches("mk_[A-Za-z0-9_-]{43}"), one);
        assertNotEquals(ApiKeys.prefix(one), ApiKeys.prefix(two));
    }
}
