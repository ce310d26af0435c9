package verticles.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.config.MeridianConfig;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Start-up rules")
class StartupRulesTest {

    private static Optional<String> refusal(Map<String, String> env) {
        return StartupRules.refusal(MeridianConfig.withOverrides(new JsonObject(), env));
    }

    @Test
    @DisplayName("refuse a clustered node without a stream-token secret, naming the key and its variable")
    void clusteredNodesShareATokenSecret() {
        Optional<String> refused = refusal(Map.of("MERIDIAN_CLUSTER_ENABLED", "true"));
        assertTrue(refused.isPresent());
        assertTrue(refused.get().contains("push.token-secret") && refused.get().contains("MERIDIAN_PUSH_TOKEN_SECRET"),
            refused.get());
        assertEquals(Optional.empty(), refusal(Map.of("MERIDIAN_CLUSTER_ENABLED", "true",
            "MERIDIAN_PUSH_TOKEN_SECRET", "s3cret")));
        assertEquals(Optional.empty(), refusal(Map.of("MERIDIAN_CLUSTER_ENABLED", "false")),
            "a single node may sign with a random secret of its own");
    }
}
