package verticles.tenants;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("A tenant's history retention as the admin route reads it")
class RetentionTextTest {

    @Test
    @DisplayName("is minutes, hours or days in seconds, and null for the configured one")
    void readsEachUnit() {
        assertEquals(45 * 60L, TenantAdminRoutes.seconds("45m"));
        assertEquals(12 * 3_600L, TenantAdminRoutes.seconds("12h"));
        assertEquals(30 * 86_400L, TenantAdminRoutes.seconds("30d"));
        assertEquals(999_999L * 86_400, TenantAdminRoutes.seconds("999999d"), "the contract's largest, without overflow");
        assertNull(TenantAdminRoutes.seconds(null));
    }
}
