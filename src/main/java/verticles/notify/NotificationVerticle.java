package verticles.notify;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Clients;
import verticles.platform.Topics;
import verticles.platform.config.MeridianConfig;
import verticles.platform.events.OrderEventView;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.Records;
import verticles.platform.trace.CorrelationId;
import verticles.platform.metrics.Meters;

import java.util.List;

/**
 * Tells customers about their orders. For now the channels are the seed systems' mock SMS and
 * e-mail: one log line per status change. Signed webhooks join them later.
 */
public final class NotificationVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
    private static final Logger NOTIFICATIONS = LoggerFactory.getLogger("meridian.notifications");

    private BatchConsumer consumer;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        return BatchConsumer.start(vertx, Clients.kafkaConsumer(config, "meridian-notify"), "notify",
                List.of(Topics.ORDERS), this::notifyAll, Meters.of(config()))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.stop();
    }

    private Future<Void> notifyAll(List<KafkaConsumerRecord<String, String>> records) {
        for (KafkaConsumerRecord<String, String> record : records) {
            JsonObject json = Records.json(record, LOG);
            OrderEventView event = json == null ? null : OrderEventView.of(json);
            if (event != null) {
                NOTIFICATIONS.atInfo().addKeyValue(CorrelationId.FIELD, CorrelationId.of(record))
                    .log("order {} is now {} (tenant {}, mock SMS and e-mail sent)", event.orderId(), event.status(),
                        event.tenantId());
            }
        }
        return Future.succeededFuture();
    }
}
