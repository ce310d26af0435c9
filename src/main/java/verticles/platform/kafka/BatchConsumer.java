package verticles.platform.kafka;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Clients;
import verticles.platform.logs.Throttled;
import verticles.platform.config.MeridianConfig;
import verticles.platform.trace.CorrelationId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A poll loop that hands each batch of records to a handler and commits the batch's offsets only
 * after the handler's future succeeded (without waiting for the commit before polling on).
 *
 * <ul>
 *   <li>A batch that fails for a {@linkplain verticles.platform.Failures#isTransient transient} reason (PostgreSQL or
 *       Redis down, a timeout) is rewound and retried after a backoff that doubles up to 5 s, so
 *       nothing is skipped: delivery is at-least-once and handlers must be idempotent.</li>
 *   <li>A batch that fails for any other reason (a value the store refuses, a record of the wrong
 *       shape, a bug) is tried whole {@value PoisonFinder#WHOLE_ATTEMPTS} times, then split in halves, and the
 *       halves again, until each record that still fails stands alone. Those poison records go
 *       to the topic's dead-letter topic with the error; every other record is handled and the
 *       offsets move on. A transient failure while splitting stops it and retries the batch.</li>
 *   <li>A record that is not JSON, or one the handler {@linkplain Incoming#reject rejects}, goes
 *       to the dead letters at once. The batch is committed only once Kafka has its dead
 *       letters.</li>
 * </ul>
 *
 * <p>Polling waits for the previous batch to finish, which is the backpressure: a slow handler
 * slows consumption instead of piling records up in memory.
 */
public final class BatchConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Vertx vertx;
    private final KafkaConsumer<String, String> consumer;
    private final String name;
    private final Function<List<Incoming>, Future<Void>> handler;
    private final DeadLetters deadLetters;
    private final PoisonFinder poison;
    private final Promise<Void> stopped = Promise.promise();
    private volatile boolean stopping;
    /** The newest offset commit; the next batch is polled without waiting for it. */
    private Future<Void> lastCommit = Future.succeededFuture();
    private long backoffMs = 100;
    private KafkaClientMetrics clientMetrics;
    private final Throttled stillFailing = new Throttled(LOG, Duration.ofMinutes(1));
    /** The requests behind the batch in hand, for the log line should it fail. */
    private String lastBatchCorrelationIds = "";

    private BatchConsumer(Vertx vertx, Map<String, String> config, String name,
                          Function<List<Incoming>, Future<Void>> handler, DeadLetters deadLetters) {
        this.vertx = vertx;
        this.consumer = KafkaConsumer.create(vertx, config);
        this.name = name;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.poison = new PoisonFinder(vertx, name, handler, () -> stopping);
    }

    /**
     * Subscribes and starts the loop; the future completes once the subscription is in place.
     * The Kafka client's own meters (among them the consumer's lag,
     * {@code kafka_consumer_fetch_manager_records_lag_max}) go to {@code registry}, tagged with
     * the consumer's name.
     */
    public static Future<BatchConsumer> start(Vertx vertx, MeridianConfig config, String groupId, String name,
                                              List<String> topics, Function<List<Incoming>, Future<Void>> handler,
                                              MeterRegistry registry) {
        return start(vertx, Clients.kafkaConsumer(config, groupId), Clients.kafkaProducer(config, groupId + "-dlq"), name,
            topics, handler, registry);
    }

    /** As above, with the Kafka consumer's own configuration (a tuned poll size, say). */
    public static Future<BatchConsumer> start(Vertx vertx, Map<String, String> consumerConfig,
                                              Map<String, String> deadLetterProducerConfig, String name,
                                              List<String> topics, Function<List<Incoming>, Future<Void>> handler,
                                              MeterRegistry registry) {
        BatchConsumer loop = new BatchConsumer(vertx, consumerConfig, name, handler,
            new DeadLetters(vertx, deadLetterProducerConfig, name, registry));
        loop.clientMetrics = new KafkaClientMetrics(loop.consumer.unwrap(), Tags.of("consumer", name));
        loop.clientMetrics.bindTo(registry);
        return loop.consumer.subscribe(new java.util.HashSet<>(topics))
            .onSuccess(v -> loop.pollNext())
            .map(loop);
    }

    /** Lets the batch in hand finish and commit, then closes the consumer. */
    public Future<Void> stop() {
        stopping = true;
        return stopped.future().compose(v -> lastCommit.recover(e -> Future.succeededFuture()))
            .eventually(() -> {
                clientMetrics.close();
                return consumer.close();
            })
            .eventually(deadLetters::close);
    }

    private void pollNext() {
        if (stopping) {
            stopped.tryComplete();
            return;
        }
        consumer.poll(POLL_TIMEOUT)
            .compose(this::process)
            .onComplete(ar -> {
                if (ar.succeeded()) {
                    backoffMs = 100;
                    pollNext();
                } else if (stopping) {
                    stopped.tryComplete();
                } else {
                    if (backoffMs < MAX_BACKOFF_MS) {
                        LOG.atWarn().addKeyValue("correlationIds", lastBatchCorrelationIds)
                            .log("{}: batch failed, retrying in {} ms: {}", name, backoffMs, ar.cause().toString());
                    } else {
                        // At the longest backoff the cause is known: once per interval is enough.
                        stillFailing.warn("{}: batch still failing, retrying every {} ms: {}", name, backoffMs,
                            ar.cause().toString());
                    }
                    long delay = backoffMs;
                    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                    vertx.setTimer(delay, t -> pollNext());
                }
            });
    }

    private Future<Void> process(KafkaConsumerRecords<String, String> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        List<KafkaConsumerRecord<String, String>> batch = new ArrayList<>(records.size());
        List<Incoming> readable = new ArrayList<>(records.size());
        List<KafkaConsumerRecord<String, String>> unreadable = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, String> record = records.recordAt(i);
            batch.add(record);
            JsonObject event = EventRecords.readJson(record.value());
            if (event == null) {
                unreadable.add(record);
            } else {
                readable.add(new Incoming(record, event));
            }
        }
        lastBatchCorrelationIds = correlationIds(batch);
        Future<Void> handled = poison.handle(readable, lastBatchCorrelationIds)
            .compose(v -> deadLetter(readable, unreadable));
        // The commit is sent once the batch is handled, but the next poll does not wait for it:
        // commits go out in order, and one that fails only means a batch is handled again,
        // which every handler must bear anyway (at-least-once).
        return handled
            .onSuccess(v -> lastCommit = consumer.commit(nextOffsets(batch)).<Void>mapEmpty()
                .onFailure(e -> LOG.warn("{}: committing offsets failed; the batch may be handled again: {}", name,
                    e.toString())))
            .recover(failure -> rewind(batch).transform(ignored -> Future.failedFuture(failure)));
    }

    /** Sends the batch's poison records to the dead letters; the batch is committed only once Kafka has them. */
    private Future<Void> deadLetter(List<Incoming> readable, List<KafkaConsumerRecord<String, String>> unreadable) {
        List<Future<Void>> sent = new ArrayList<>();
        for (KafkaConsumerRecord<String, String> record : unreadable) {
            sent.add(deadLetters.send(record, "the record's value is not a JSON object"));
        }
        for (Incoming incoming : readable) {
            if (incoming.rejection() != null) {
                sent.add(deadLetters.send(incoming.record(), incoming.rejection()));
            }
        }
        return sent.isEmpty() ? Future.succeededFuture() : Future.all(sent).mapEmpty();
    }

    /** Seeks every partition of the batch back to its first record, so the batch is read again. */
    private Future<Void> rewind(List<KafkaConsumerRecord<String, String>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (KafkaConsumerRecord<String, String> r : batch) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        List<Future<Void>> seeks = new ArrayList<>();
        first.forEach((tp, offset) -> seeks.add(consumer.seek(tp, offset)));
        return Future.all(seeks).mapEmpty();
    }

    /** The distinct correlation ids of a batch, at most ten, comma-separated. */
    private static String correlationIds(List<KafkaConsumerRecord<String, String>> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < batch.size() && ids.size() < 10; i++) {
            ids.add(CorrelationId.of(batch.get(i)));
        }
        return String.join(",", ids);
    }

    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<KafkaConsumerRecord<String, String>> batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (KafkaConsumerRecord<String, String> r : batch) {
            next.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1, ""),
                (a, b) -> a.getOffset() >= b.getOffset() ? a : b);
        }
        return next;
    }
}
