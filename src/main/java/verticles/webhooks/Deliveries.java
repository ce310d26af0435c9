package verticles.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.webhook.SecretBox;
import verticles.platform.jobs.Backoff;
import verticles.platform.jobs.Lease;
import verticles.platform.jobs.Rounds;
import verticles.platform.kafka.DeadLetters;
import verticles.platform.logs.Throttled;
import verticles.platform.trace.CorrelationId;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delivery loop: claims due deliveries with a lease (so two nodes never send the same one at
 * once), sends each through its webhook's circuit, and records the outcome: delivered, retried
 * after a backoff with jitter, or after the last attempt DEAD with a dead letter on
 * {@code meridian.webhooks.dlq}. A delivery whose circuit is open waits without spending an attempt.
 * A delivery is sent only while its lease still covers the send and its recording
 * ({@link Lease}): one whose claim came back late is left to run out, and sent by whoever
 * claims it next, rather than sent twice at once.
 */
final class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final int CLAIM_BATCH = 50;

    /**
     * What the loop needs to know: how often to try, how long to wait, how long a claim lasts, and
     * how long a send and the recording of its outcome take at most.
     */
    record Settings(Backoff backoff, int maxAttempts, Duration lease, Duration sendAndRecord, Duration circuitReset) {
    }

    private final Throttled claimFailures = new Throttled(LOG, Duration.ofSeconds(10));
    private final Throttled lateClaims = new Throttled(LOG, Duration.ofSeconds(10));
    private final WebhookStore store;
    private final Targets targets;
    private final SignedSender sender;
    private final Circuits circuits;
    private final SecretBox secrets;
    private final DeadLetters deadLetters;
    private final Settings settings;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dead;
    private final Rounds rounds;

    Deliveries(WebhookStore store, Targets targets, SignedSender sender, Circuits circuits, SecretBox secrets,
               DeadLetters deadLetters, Settings settings, MeterRegistry registry) {
        this.store = store;
        this.targets = targets;
        this.sender = sender;
        this.circuits = circuits;
        this.secrets = secrets;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.delivered = outcome(registry, "delivered");
        this.failed = outcome(registry, "failed");
        this.dead = outcome(registry, "dead");
        this.rounds = new Rounds(this::round,
            e -> claimFailures.warn("claiming webhook deliveries failed; they stay due: {}", e.toString()));
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("meridian.webhook.deliveries")
            .description("webhook delivery attempts by outcome: delivered, failed (to be retried), dead (out of attempts)")
            .tag("outcome", outcome)
            .register(registry);
    }

    /** Claims due deliveries and sends them; a call while a round runs makes it run once more. */
    void dispatch() {
        rounds.request();
    }

    /** Starts no more rounds; completes when the one running has ended. */
    Future<Void> stop() {
        return rounds.stop();
    }

    private Future<Integer> round() {
        Lease lease = Lease.claimedNow(settings.lease());
        return store.claim(CLAIM_BATCH, settings.lease()).compose(rows -> {
            List<Future<Void>> sends = new ArrayList<>();
            rows.forEach(row -> sends.add(deliver(row, lease)));
            return Future.join(sends).map(rows.size());
        });
    }

    private Future<Void> deliver(Row row, Lease lease) {
        long id = row.getLong("id");
        if (row.getOffsetDateTime("deleted_at") != null) {
            return store.finish(id, "CANCELLED", "the webhook was deleted");
        }
        CircuitBreaker circuit = circuits.of(row.getString("webhook_id"));
        if (circuit.state() == CircuitBreakerState.OPEN) {
            return store.notTried(id, Instant.now().plus(settings.circuitReset()));
        }
        String secret;
        try {
            secret = secrets.open(row.getString("secret"), row.getString("webhook_id"));
        } catch (IllegalStateException keyGone) {
            // Not the receiver's fault, so not its circuit's: the attempt fails and says why.
            return failedAttempt(row, keyGone.getMessage());
        }
        URI url = URI.create(row.getString("url"));
        return targets.resolve(url.getHost()).compose(address -> {
            if (!lease.covers(settings.sendAndRecord())) {
                // Nothing is written: another worker may hold the delivery by now. The attempt this
                // claim counted stays counted, which costs an attempt only when a claim comes back late.
                lateClaims.warn("webhook delivery {} not sent: its claim came back with too little of its lease left; "
                    + "it is sent when claimed again", id);
                return Future.succeededFuture();
            }
            return circuit.<Integer>execute(() ->
                    sender.send(url, address, row.getString("event_id"), secret, row.getString("payload")))
                .compose(status -> store.delivered(id).onSuccess(v -> delivered.increment()))
                .recover(e -> failedAttempt(row, e.getMessage()));
        }, e -> failedAttempt(row, e.getMessage()));
    }

    private Future<Void> failedAttempt(Row row, String error) {
        long id = row.getLong("id");
        int attempts = row.getInteger("attempts");
        if (attempts < settings.maxAttempts()) {
            failed.increment();
            return store.retryAt(id, Instant.now().plus(settings.backoff().after(attempts, ThreadLocalRandom.current())), error);
        }
        dead.increment();
        JsonObject letter = new JsonObject()
            .put("consumer", "webhooks")
            .put("topic", SubscribableEvent.topicOf(row.getString("event_type")))
            .put("partition", -1)
            .put("offset", id)
            .put("key", row.getString("event_id"))
            .put("value", row.getString("payload"))
            .put("error", "webhook " + row.getString("webhook_id") + " failed " + attempts + " times; last: " + error)
            .put("tenantId", row.getString("tenant_id"))
            .put("reference", String.valueOf(id))
            .put("at", Instant.now().toString());
        LOG.warn("webhook delivery {} to {} is dead after {} attempts: {}", id, row.getString("url"), attempts, error);
        return deadLetters.send(WebhookTopics.WEBHOOKS_DLQ, row.getString("event_id"), letter, CorrelationId.UNKNOWN)
            .compose(sent -> store.finish(id, "DEAD", error));
    }
}
