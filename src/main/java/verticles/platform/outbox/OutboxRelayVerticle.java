package verticles.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.kafka.EventRecords;
import verticles.platform.logs.Throttled;
import verticles.platform.jobs.Backoff;
import verticles.platform.jobs.Rounds;
import verticles.platform.metrics.Meters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka and marks them sent.
 *
 * <p>The outbox is a job queue (see {@link OutboxStore}). Each round is one transaction: it
 * locks the oldest unsent rows, at most one per record key ({@code SKIP LOCKED}, so relays on
 * every node publish at once and an order's events still go out in the order they were
 * written), publishes them, marks sent the ones Kafka acknowledged, backs off the ones it
 * refused (holding back only the later rows of their keys) and commits. A row is thus written
 * once, when sent. A relay that dies rolls back, and its rows are published again by the next
 * round anywhere, with the same event ids, which idempotent consumers ignore.
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
    private Backoff backoff;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        batchSize = config.get(Keys.OUTBOX_BATCH_SIZE);
        retention = config.get(Keys.OUTBOX_RETENTION);
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 2), "outbox-relay");
        producer = KafkaProducer.create(vertx, Clients.kafkaProducer(config, "meridian-outbox-relay"));
        backoff = new Backoff(config.get(Keys.OUTBOX_POLL_INTERVAL), Duration.ofSeconds(30));
        rounds = new Rounds(this::publishRound, e ->
            roundFailures.warn("outbox relay round failed, rows stay unsent and are retried: {}", e.toString()));
        pollTimer = vertx.setPeriodic(config.get(Keys.OUTBOX_POLL_INTERVAL).toMillis(), t -> relay());
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

    private Future<Integer> publishRound() {
        return pool.withTransaction(tx -> store.claim(tx, batchSize).compose(rows -> {
            List<Long> sent = new ArrayList<>(rows.size());
            List<Future<Void>> outcomes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                long id = row.getLong(0);
                outcomes.add(producer.send(EventRecords.structured(row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4)))
                    .<Void>map(acked -> {
                        sent.add(id);
                        return null;
                    })
                    .recover(e -> store.retryAt(tx, id,
                        Instant.now().plus(backoff.after(row.getInteger(5) + 1, ThreadLocalRandom.current())), e.toString())));
            }
            return Future.join(outcomes).transform(done -> store.markSent(tx, sent)).map(rows.size());
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
