package verticles.webhooks;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.webhook.SecretBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reseals, under the first of {@code webhooks.secret-keys}, every stored webhook secret that is
 * in clear or sealed under another key: the second half of a key rotation, run by each node at
 * start, a page of webhooks at a time. A row another node resealed meanwhile is left as it is
 * (the update compares the old value), and one whose key is gone is logged and skipped.
 */
final class SecretResealing {

    private static final Logger LOG = LoggerFactory.getLogger(SecretResealing.class);
    private static final int PAGE = 200;

    private SecretResealing() {
    }

    /** Completes with how many secrets were resealed. */
    static Future<Integer> run(WebhookStore store, SecretBox box) {
        return page(store, box, "", 0).onSuccess(count -> {
            if (count > 0) {
                LOG.info("resealed {} webhook secret(s) under the first of webhooks.secret-keys", count);
            }
        });
    }

    private static Future<Integer> page(WebhookStore store, SecretBox box, String after, int done) {
        return store.secretsNotSealedUnder(box.currentPrefix(), after, PAGE).compose(secrets -> {
            if (secrets.isEmpty()) {
                return Future.succeededFuture(done);
            }
            Map<WebhookStore.StoredSecret, String> resealed = resealed(secrets, box);
            String last = secrets.get(secrets.size() - 1).webhookId();
            return store.reseal(resealed).compose(v -> page(store, box, last, done + resealed.size()));
        });
    }

    private static Map<WebhookStore.StoredSecret, String> resealed(List<WebhookStore.StoredSecret> secrets, SecretBox box) {
        Map<WebhookStore.StoredSecret, String> resealed = new LinkedHashMap<>();
        for (WebhookStore.StoredSecret secret : secrets) {
            try {
                resealed.put(secret, box.seal(box.open(secret.stored(), secret.webhookId()), secret.webhookId()));
            } catch (IllegalStateException e) {
                LOG.warn("webhook {}: cannot reseal its secret: {}", secret.webhookId(), e.getMessage());
            }
        }
        return resealed;
    }
}
