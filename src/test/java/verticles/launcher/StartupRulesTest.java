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

    private static final String KEY = "k1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

    private static Optional<String> refusal(Map<String, String> env) {
        Map<String, String> withWebhookKey = new java.util.HashMap<>(Map.of("MERIDIAN_WEBHOOKS_SECRET_KEYS", KEY));
        withWebhookKey.putAll(env);
        return StartupRules.refusal(MeridianConfig.withOverrides(new JsonObject(), withWebhookKey));
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

    @Test
    @DisplayName("refuse a node that runs webhooks without a key to seal their secrets with, naming the key")
    void webhooksNeedASealingKey() {
        Map<String, String> single = Map.of("MERIDIAN_CLUSTER_ENABLED", "false");
        for (String keys : java.util.List.of("", "k1:tooshort", "no-colon")) {
            Map<String, String> env = new java.util.HashMap<>(single);
            env.put("MERIDIAN_WEBHOOKS_SECRET_KEYS", keys);
            Optional<String> refused = refusal(env);
            assertTrue(refused.isPresent() && refused.get().contains("MERIDIAN_WEBHOOKS_SECRET_KEYS"), keys + ": " + refused);
        }
        Map<String, String> noWebhooks = new java.util.HashMap<>(single);
        noWebhooks.put("MERIDIAN_WEBHOOKS_SECRET_KEYS", "");
        noWebhooks.put("MERIDIAN_VERTICLES_WEBHOOKS_INSTANCES", "0");
        assertEquals(Optional.empty(), refusal(noWebhooks), "a node without webhooks needs no key");
        assertEquals(Optional.empty(), refusal(single));
    }
}
