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
    @DisplayName("are listed by an eight-character prefix")
    void prefix() {
        assertEquals("mk_live_", ApiKeys.prefix("mk_live_abcdef"));
        assertEquals("short", ApiKeys.prefix("short"));
    }
}
