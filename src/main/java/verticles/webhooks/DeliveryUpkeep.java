package verticles.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import verticles.platform.config.MeridianConfig;
import verticles.platform.maintenance.Upkeep;

import java.time.Instant;
import java.util.List;

/**
 * Bounds {@code webhook_deliveries}: a delivery finished (delivered, dead or cancelled) more than
 * {@code webhooks.deliveries-retention} ago is purged with its payload, in batches. Pending ones
 * are never touched. A dead letter whose delivery is gone can no longer be replayed (404).
 */
public final class DeliveryUpkeep implements Upkeep {

    @Override
    public Future<List<JsonObject>> run(Pool pool, MeridianConfig config, Instant now) {
        return Upkeep.purged("webhook_deliveries", new WebhookStore(pool).purgeFinishedBefore(now.minus(config.get(WebhookKeys.WEBHOOKS_DELIVERIES_RETENTION))));
    }
}
