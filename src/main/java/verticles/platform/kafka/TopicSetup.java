package verticles.platform.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Clients;
import verticles.platform.Topics;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

import java.util.List;
import java.util.Map;

/** Creates Meridian's topics when they are missing; existing topics are left as they are. */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    public static Future<Void> ensureTopics(Vertx vertx, MeridianConfig config) {
        KafkaAdminClient admin = KafkaAdminClient.create(vertx, Clients.kafkaAdmin(config));
        int partitions = config.get(Keys.KAFKA_PARTITIONS);
        short replication = config.get(Keys.KAFKA_REPLICATION).shortValue();
        return admin.listTopics()
            .compose(existing -> {
                List<NewTopic> missing = Topics.all().stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replication)
                        .setConfig(Map.of("min.insync.replicas", String.valueOf(Math.min(2, replication)))))
                    .toList();
                if (missing.isEmpty()) {
                    return Future.<Void>succeededFuture();
                }
                LOG.info("creating Kafka topics {}", missing.stream().map(NewTopic::getName).toList());
                return admin.createTopics(missing)
                    // Another node may have created them a moment earlier: that is success too.
                    .recover(e -> e.getMessage() != null && e.getMessage().contains("already exists")
                        ? Future.succeededFuture() : Future.failedFuture(e));
            })
            .eventually(admin::close);
    }
}
