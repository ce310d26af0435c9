package verticles.orders;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.logs.Throttled;
import verticles.platform.jobs.Rounds;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them sent.
 *
 * <p>Each round runs in one transaction that first takes a PostgreSQL advisory lock, so
 * however many nodes run a relay only one publishes at a time and per-order order holds. Rows
 * are marked only after Kafka acknowledged every record of the round; a relay that dies in
 * between leaves them unmarked and they are sent again, with the same event ids, which
 * idempotent consumers ignore.
 */
public final class OutboxRelayVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);
    private final Throttled roundFailures = new Throttled(LOG, Duration.ofSeconds(10));
    private final OutboxStore store = new OutboxStore();
    private Pool pool;
    private KafkaProducer<String, String> producer;
    private MessageConsumer<JsonObject> nudges;
    private int batchSize;
    private Duration retention;
    private long pollTimer;
    private long purgeTimer;
    private long backlogTimer;
    private final AtomicLong backlog = new AtomicLong();
    private Rounds rounds;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        batchSize = config.get(OrderKeys.OUTBOX_BATCH_SIZE);
        retention = config.get(OrderKeys.OUTBOX_RETENTION);
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "outbox-relay");
        producer = KafkaProducer.create(vertx, Clients.kafkaProducer(config, "meridian-outbox-relay"));
        rounds = new Rounds(batchSize, () -> pool.withTransaction(this::publishRound), e ->
            roundFailures.warn("outbox relay round failed, rows stay unsent and are retried: {}", e.toString()));
        pollTimer = vertx.setPeriodic(config.get(OrderKeys.OUTBOX_POLL_INTERVAL).toMillis(), t -> relay());
        purgeTimer = vertx.setPeriodic(60_000, t -> purge());
        Gauge.builder("meridian.outbox.backlog", backlog, AtomicLong::get)
            .description("outbox rows not yet published to Kafka (the whole database, as this node last counted)")
            .register(Meters.of(config()));
        backlogTimer = vertx.setPeriodic(5_000, t -> store.countUnsent(pool).onSuccess(backlog::set));
        nudges = vertx.eventBus().consumer(Addresses.OUTBOX_PENDING, m -> relay());
        return nudges.completion();
    }

    @Override
    public Future<?> stop() {
        Future<Void> lastRound = rounds.stop();
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(purgeTimer);
        vertx.cancelTimer(backlogTimer);
        return nudges.unregister()
            .eventually(() -> lastRound)
            .eventually(producer::close)
            .eventually(pool::close);
    }

    /** Starts a round unless one is running; a nudge during a round makes it run once more. */
    private void relay() {
        rounds.request();
    }

    private Future<Integer> publishRound(SqlConnection tx) {
        return store.tryToRelay(tx).compose(relaying -> !relaying ? Future.succeededFuture(0)
            : store.unsent(tx, batchSize).compose(rows -> {
                if (rows.size() == 0) {
                    return Future.succeededFuture(0);
                }
                List<Long> ids = new ArrayList<>(rows.size());
                List<Future<?>> sends = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    ids.add(row.getLong(0));
                    sends.add(producer.send(CorrelationId.tag(KafkaProducerRecord.create(row.getString(1),
                        row.getString(2), row.getString(3)), row.getString(4))));
                }
                return Future.all(sends).compose(acked -> store.markSent(tx, ids)).map(ids.size());
            }));
    }

    private void purge() {
        store.purgeSentBefore(pool, Instant.now().minus(retention))
            .onSuccess(purged -> {
                if (purged > 0) {
                    LOG.debug("purged {} sent outbox rows", purged);
                }
            })
            .onFailure(e -> LOG.warn("outbox purge failed: {}", e.toString()));
    }
}
