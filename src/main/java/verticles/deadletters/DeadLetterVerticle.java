package verticles.deadletters;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.Topics;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.DeadLetters;
import verticles.platform.kafka.EventRecords;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;
import verticles.webhooks.WebhookAddresses;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every dead letter (from every {@code .dlq} topic) in PostgreSQL, where the admin routes
 * list them and replay one. Replaying a consumer's dead letter publishes the original record to
 * its topic again, with the header {@code meridian-replay-of}; every consumer of that topic sees
 * it, and the ones that had processed it already ignore it (they are idempotent). Replaying a
 * webhook delivery's dead letter makes the delivery due again, with fresh attempts.
 */
public final class DeadLetterVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterVerticle.class);
    static final String WEBHOOKS = "webhooks";

    private Pool pool;
    private DeadLetterStore store;
    private KafkaProducer<String, String> producer;
    private BatchConsumer consumer;
    private List<MessageConsumer<JsonObject>> commands;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "dead-letters");
        store = new DeadLetterStore(pool);
        producer = KafkaProducer.create(vertx, Clients.kafkaProducer(config, "meridian-dead-letter-replay"));
        var bus = vertx.eventBus();
        commands = List.of(
            bus.<JsonObject>consumer(DeadLetterAddresses.DEAD_LETTERS_LIST, m -> CommandFailure.replyTo(m, list(m.body()), LOG)),
            bus.<JsonObject>consumer(DeadLetterAddresses.DEAD_LETTERS_REPLAY, m -> CommandFailure.replyTo(m, replay(m.body()), LOG)));
        return Future.all(commands.stream().map(MessageConsumer::completion).toList())
            .compose(v -> BatchConsumer.start(vertx, config, "meridian-dead-letters", "dead-letters",
                Topics.deadLetterTopics(), this::keep, Meters.of(config())))
            .onSuccess(c -> consumer = c);
    }

    @Override
    public Future<?> stop() {
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(() -> Future.all(commands.stream().map(MessageConsumer::unregister).toList()))
            .eventually(producer::close)
            .eventually(pool::close);
    }

    private Future<Void> keep(List<Incoming> batch) {
        List<Tuple> rows = new ArrayList<>(batch.size());
        for (Incoming incoming : batch) {
            JsonObject letter = DeadLetters.letterOf(incoming.event());
            String value = letter.getString("value");
            rows.add(Tuple.from(new Object[] {
                storable(letter.getString("consumer", "unknown")),
                storable(letter.getString("topic", incoming.record().topic())),
                letter.getInteger("partition", -1),
                letter.getLong("offset", incoming.record().offset()),
                storable(letter.getString("key")),
                storable(value),
                storable(letter.getString("error", "unknown")),
                storable(letter.getString("tenantId", DeadLetters.tenantOf(value))),
                storable(letter.getString("reference"))}));
        }
        return store.store(rows);
    }

    private Future<JsonObject> list(JsonObject query) {
        return store.page(query.getString("consumer"), query.getLong("cursor"), query.getInteger("limit", 20));
    }

    private Future<JsonObject> replay(JsonObject command) {
        long id = command.getLong("id");
        return store.one(id).compose(found -> {
            if (found.isEmpty()) {
                return CommandFailure.<JsonObject>fail(404, "no dead letter " + id);
            }
            JsonObject letter = found.get();
            // A delivery that ran out of attempts names its row, which the webhooks feature owns; the
            // webhooks consumer's own poison records are Kafka records like any other's, back to their topic.
            boolean delivery = WEBHOOKS.equals(letter.getString("consumer")) && letter.getString("reference") != null;
            Future<?> redriven = delivery
                ? vertx.eventBus().request(WebhookAddresses.WEBHOOK_DELIVERY_REDO,
                    new JsonObject().put("deliveryId", Long.parseLong(letter.getString("reference"))))
                : producer.send(EventRecords.resent(letter.getString("topic"), letter.getString("key"), letter.getString("value"),
                        command.getString(CorrelationId.FIELD, CorrelationId.fresh()))
                    .addHeader("meridian-replay-of", String.valueOf(id)));
            return redriven.compose(done -> store.markReplayed(id)).map(at -> letter.put("replayedAt", at));
        });
    }

    /**
     * A dead letter keeps the record as Kafka had it, except that a NUL, which PostgreSQL text
     * cannot hold, is written as the six characters backslash, u, 0, 0, 0, 0 (JSON's escape for it):
     * a letter is often there
     * precisely because it holds one.
     */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "\\u0000");
    }
}
