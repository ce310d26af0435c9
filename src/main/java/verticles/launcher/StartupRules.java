package verticles.launcher;

import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.webhooks.WebhookKeys;

import java.util.Optional;

/**
 * What a configuration must hold before a node may start, checked before anything is started.
 * A rule broken here would not stop the node later; it would make it quietly wrong.
 */
final class StartupRules {

    private StartupRules() {
    }

    /** Why this configuration must not start a node, or empty. */
    static Optional<String> refusal(MeridianConfig config) {
        if (config.get(Keys.CLUSTER_ENABLED) && config.get(Keys.PUSH_TOKEN_SECRET).isEmpty()) {
            return Optional.of(Keys.PUSH_TOKEN_SECRET.path() + " (" + Keys.PUSH_TOKEN_SECRET.envName()
                + ") must be set on a clustered node: every node signs and checks stream tokens with it, and with a"
                + " secret of its own a token issued by one node would be refused by the others");
        }
        if (config.get(NodeKeys.WEBHOOKS_INSTANCES) > 0) {
            try {
                verticles.domain.webhook.SecretBox.of(config.get(WebhookKeys.WEBHOOKS_SECRET_KEYS));
            } catch (IllegalArgumentException e) {
                return Optional.of(WebhookKeys.WEBHOOKS_SECRET_KEYS.path() + " (" + WebhookKeys.WEBHOOKS_SECRET_KEYS.envName()
                    + ") must hold a key on a node that runs webhooks, which seal their signing secrets with it: "
                    + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
