package verticles.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.domain.webhook.Backoff;
import verticles.domain.webhook.NewWebhook;
import verticles.domain.webhook.Signature;
import verticles.domain.webhook.SecretBox;
import verticles.domain.webhook.TargetPolicy;
import verticles.platform.Addresses;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.Topics;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.CreatedOnce;
import verticles.platform.events.OrderEventView;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.DeadLetters;
import verticles.platform.kafka.Incoming;
import verticles.platform.logs.Throttled;
import verticles.platform.metrics.Meters;
import verticles.platform.resilience.Breakers;
import verticles.platform.trace.CorrelationId;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Signed webhooks. Merchants subscribe a URL to order event types; every such event becomes one
 * delivery row per matching webhook (the row is the durable to-do: a node that dies mid-send
 * leaves it due, and another node sends it). Deliveries are claimed with a lease (so two nodes
 * never send the same one at once), signed the Standard Webhooks way, and retried with
 * exponential backoff and jitter on errors, non-2xx answers and timeouts. After the last attempt
 * the delivery is DEAD and goes to {@code meridian.webhooks.dlq}, from where an admin can replay
 * it. Targets are checked against {@link TargetPolicy} when the webhook is created and again at
 * every delivery, which then connects to the checked address.
 */
public final class WebhookVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);
    private final Throttled claimFailures = new Throttled(LOG, Duration.ofSeconds(10));
    private static final int CLAIM_BATCH = 50;
    private static final int MAX_CIRCUITS = 1_000;

    // The rest of a CreatedOnce statement: the request's idempotency key and the webhook commit together.
    private static final String INSERT_WEBHOOK = """
        created AS (
          INSERT INTO webhooks (id, tenant_id, url, events, secret) SELECT $5, $6, $7, $8, $9 FROM proceed
          RETURNING id, url, events, created_at)
        SELECT id, url, events, created_at FROM created""";
    private static final String SELECT_CREATED = "SELECT id, url, events, created_at FROM webhooks WHERE tenant_id = $1 AND id = $2";
    private static final String SELECT_WEBHOOK = """
        SELECT id, url, events, created_at FROM webhooks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL""";
    private static final String LIST_WEBHOOKS = """
        SELECT id, url, events, created_at FROM webhooks WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY id""";
    private static final String DELETE_WEBHOOK = """
        UPDATE webhooks SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL""";
    // One statement per batch: each event joined with its tenant's live webhooks for that type.
    private static final String ENQUEUE = """
        INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id, event_type, payload)
        SELECT w.id, e.tenant_id, e.event_id, e.event_type, e.payload
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS e(tenant_id, event_id, event_type, payload)
        JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.deleted_at IS NULL AND e.event_type = ANY(w.events)
        ON CONFLICT (webhook_id, event_id) DO NOTHING""";
    // The lease: a claimed delivery is not due again until the send has long timed out.
    private static final String CLAIM = """
        UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
        FROM webhooks w
        WHERE w.id = d.webhook_id AND d.id IN (
          SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.webhook_id, d.tenant_id, d.event_id, d.event_type, d.payload, d.attempts, w.url, w.secret,
                  w.deleted_at""";
    private static final String DELIVERED = """
        UPDATE webhook_deliveries SET status = 'DELIVERED', finished_at = now(), last_error = NULL WHERE id = $1""";
    private static final String RETRY = """
        UPDATE webhook_deliveries SET next_attempt_at = $2, last_error = $3 WHERE id = $1""";
    // A delivery skipped because its target's circuit is open: the attempt does not count.
    private static final String NOT_TRIED = """
        UPDATE webhook_deliveries SET attempts = attempts - 1, next_attempt_at = $2 WHERE id = $1""";
    private static final String DEAD = """
        UPDATE webhook_deliveries SET status = $2, finished_at = now(), last_error = $3 WHERE id = $1""";

    private Pool pool;
    private HttpClient http;
    private TargetPolicy targets;
    private Backoff backoff;
    private int maxAttempts;
    private long timeoutMs;
    private int leaseSeconds;
    private DeadLetters deadLetters;
    private BatchConsumer consumer;
    private List<MessageConsumer<JsonObject>> commands;
    private long pollTimer;
    private boolean dispatching;
    private boolean again;
    /** One circuit per webhook, so one receiver that is down costs nothing to the others; the least recently used go first. */
    private final Map<String, CircuitBreaker> circuits = new LinkedHashMap<>(64, 0.75f, true);
    private MeridianConfig circuitConfig;
    private MeterRegistry registry;
    private SecretBox secrets;
    private Counter delivered;
    private Counter failed;
    private Counter dead;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 4), "webhooks");
        targets = new TargetPolicy(config.get(Keys.WEBHOOKS_ALLOW_LOOPBACK));
        secrets = SecretBox.of(config.get(Keys.WEBHOOKS_SECRET_KEYS));
        backoff = new Backoff(config.get(Keys.WEBHOOKS_RETRY_BASE), config.get(Keys.WEBHOOKS_RETRY_MAX));
        maxAttempts = config.get(Keys.WEBHOOKS_MAX_ATTEMPTS);
        timeoutMs = config.get(Keys.WEBHOOKS_TIMEOUT).toMillis();
        leaseSeconds = (int) (timeoutMs * 3 / 1000 + 30);
        http = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) timeoutMs)
            .setIdleTimeout(60)
            .setKeepAlive(true));
        registry = Meters.of(config());
        circuitConfig = config;
        delivered = outcome(registry, "delivered");
        failed = outcome(registry, "failed");
        dead = outcome(registry, "dead");
        deadLetters = new DeadLetters(vertx, Clients.kafkaProducer(config, "meridian-webhooks-dlq"), "webhooks", registry);
        var bus = vertx.eventBus();
        commands = List.of(
            bus.<JsonObject>consumer(Addresses.WEBHOOKS_CREATE, m -> CommandFailure.replyTo(m, create(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.WEBHOOKS_GET, m -> CommandFailure.replyTo(m, get(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.WEBHOOKS_LIST, m -> CommandFailure.replyTo(m, list(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.WEBHOOKS_DELETE, m -> CommandFailure.replyTo(m, delete(m.body()), LOG)),
            bus.<JsonObject>consumer(Addresses.WEBHOOK_DELIVERIES_PENDING, m -> dispatch()));
        pollTimer = vertx.setPeriodic(config.get(Keys.WEBHOOKS_POLL_INTERVAL).toMillis(), t -> dispatch());
        return Future.all(commands.stream().map(MessageConsumer::completion).toList())
            .compose(v -> BatchConsumer.start(vertx, config, "meridian-webhooks", "webhooks", List.of(Topics.ORDERS),
                this::enqueue, registry))
            .onSuccess(c -> consumer = c)
            .onSuccess(c -> SecretResealing.run(pool, secrets)
                .onFailure(e -> LOG.warn("resealing webhook secrets failed; the next start tries again: {}", e.toString())));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(pollTimer);
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(() -> Future.all(commands.stream().map(MessageConsumer::unregister).toList()))
            .eventually(deadLetters::close)
            .eventually(http::close)
            .eventually(pool::close);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("meridian.webhook.deliveries")
            .description("webhook delivery attempts by outcome: delivered, failed (to be retried), dead (out of attempts)")
            .tag("outcome", outcome)
            .register(registry);
    }

    // ---- subscriptions

    private Future<JsonObject> create(JsonObject command) {
        URI url = URI.create(command.getString("url"));
        return resolveAllowed(url.getHost()).compose(allowed -> {
            String secret = Signature.newSecret();
            String id = Ids.newWebhookId();
            String[] events = command.getJsonArray("events").stream().map(String::valueOf).toArray(String[]::new);
            // The secret is shown once, in this answer; the database only ever holds it sealed.
            return CreatedOnce.run(pool, command, id, INSERT_WEBHOOK,
                    Arrays.asList(id, command.getString("tenantId"), url.toString(), events, secrets.seal(secret, id)))
                .compose(outcome -> outcome.created()
                    ? Future.succeededFuture(toJson(outcome.rows().iterator().next()).put("secret", secret))
                    : pool.preparedQuery(SELECT_CREATED).execute(Tuple.of(command.getString("tenantId"), outcome.earlierId()))
                        .map(rows -> CreatedOnce.replayed(toJson(rows.iterator().next())
                            .put("withheld", new JsonArray().add("secret")))));
        });
    }

    private Future<JsonObject> get(JsonObject query) {
        return pool.preparedQuery(SELECT_WEBHOOK).execute(Tuple.of(query.getString("tenantId"), query.getString("webhookId")))
            .compose(rows -> rows.size() == 0
                ? CommandFailure.<JsonObject>fail(404, "no webhook " + query.getString("webhookId"))
                : Future.succeededFuture(toJson(rows.iterator().next())));
    }

    private Future<JsonObject> list(JsonObject query) {
        return pool.preparedQuery(LIST_WEBHOOKS).execute(Tuple.of(query.getString("tenantId")))
            .map(rows -> {
                JsonArray items = new JsonArray();
                rows.forEach(row -> items.add(toJson(row)));
                return new JsonObject().put("items", items);
            });
    }

    private Future<JsonObject> delete(JsonObject command) {
        return pool.preparedQuery(DELETE_WEBHOOK).execute(Tuple.of(command.getString("tenantId"), command.getString("webhookId")))
            .compose(r -> r.rowCount() == 0
                ? CommandFailure.<JsonObject>fail(404, "no webhook " + command.getString("webhookId"))
                : Future.succeededFuture(new JsonObject().put("deleted", command.getString("webhookId"))));
    }

    /** Resolves a host off the event loop and answers its first address, or 422 when the policy refuses any. */
    private Future<InetAddress> resolveAllowed(String host) {
        return vertx.executeBlocking(() -> Arrays.asList(InetAddress.getAllByName(host)))
            .recover(e -> CommandFailure.fail(422, "the webhook host " + host + " does not resolve"))
            .compose(addresses -> {
                Optional<String> refusal = targets.refusal(addresses);
                return refusal.isPresent()
                    ? CommandFailure.<InetAddress>fail(422, "webhooks may not target " + host + ": " + refusal.get())
                    : Future.succeededFuture(addresses.get(0));
            });
    }

    // ---- deliveries

    /** Turns a batch of order events into delivery rows, one per matching webhook, at most once each. */
    private Future<Void> enqueue(List<Incoming> batch) {
        List<String> tenants = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Incoming incoming : batch) {
            OrderEventView event = OrderEventView.of(incoming.event());
            if (event == null) {
                continue;
            }
            if (event.tenantId() == null || event.eventId() == null) {
                incoming.reject("an order event without tenant or id");
                continue;
            }
            tenants.add(event.tenantId());
            ids.add(event.eventId());
            types.add(event.type());
            payloads.add(incoming.event().encode());
        }
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        return pool.preparedQuery(ENQUEUE)
            .execute(Tuple.from(new Object[] {tenants.toArray(new String[0]), ids.toArray(new String[0]),
                types.toArray(new String[0]), payloads.toArray(new String[0])}))
            .onSuccess(r -> {
                if (r.rowCount() > 0) {
                    dispatch();
                }
            })
            .mapEmpty();
    }

    /** Claims due deliveries and sends them; a call while a round runs makes it run once more. */
    private void dispatch() {
        if (dispatching) {
            again = true;
            return;
        }
        dispatching = true;
        pool.preparedQuery(CLAIM).execute(Tuple.of(CLAIM_BATCH, leaseSeconds))
            .compose(rows -> {
                List<Future<Void>> sends = new ArrayList<>();
                for (Row row : rows) {
                    sends.add(deliver(row));
                }
                return Future.join(sends).map(rows.size());
            })
            .onComplete(ar -> {
                dispatching = false;
                if (ar.failed()) {
                    claimFailures.warn("claiming webhook deliveries failed; they stay due: {}", ar.cause().toString());
                } else if (again || ar.result() == CLAIM_BATCH) {
                    again = false;
                    dispatch();
                }
            });
    }

    private Future<Void> deliver(Row row) {
        long id = row.getLong("id");
        if (row.getOffsetDateTime("deleted_at") != null) {
            return pool.preparedQuery(DEAD).execute(Tuple.of(id, "CANCELLED", "the webhook was deleted")).mapEmpty();
        }
        URI url = URI.create(row.getString("url"));
        String body = row.getString("payload");
        String eventId = row.getString("event_id");
        CircuitBreaker circuit = circuitFor(row.getString("webhook_id"));
        if (circuit.state() == CircuitBreakerState.OPEN) {
            return pool.preparedQuery(NOT_TRIED)
                .execute(Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC).plus(circuitConfig.get(Keys.BREAKER_RESET))))
                .mapEmpty();
        }
        String secret;
        try {
            secret = secrets.open(row.getString("secret"), row.getString("webhook_id"));
        } catch (IllegalStateException keyGone) {
            // Not the receiver's fault, so not its circuit's: the attempt fails and says why.
            return failedAttempt(row, keyGone.getMessage());
        }
        return resolveAllowed(url.getHost())
            .compose(address -> circuit.<Integer>execute(() -> send(url, address, eventId, secret, body)))
            .compose(status -> pool.preparedQuery(DELIVERED).execute(Tuple.of(id)).<Void>mapEmpty()
                .onSuccess(v -> delivered.increment()))
            .recover(e -> failedAttempt(row, e.getMessage()));
    }

    /** One signed POST to the checked address (the Host header and TLS name stay the URL's); fails unless 2xx. */
    private Future<Integer> send(URI url, InetAddress address, String eventId, String secret, String body) {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        long timestamp = Instant.now().getEpochSecond();
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
            .setHost(url.getHost())
            .setPort(port)
            .setSsl(tls)
            .setURI(path)
            .setTimeout(timeoutMs)
            .putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", "Meridian-Webhooks/1")
            .putHeader("webhook-id", eventId)
            .putHeader("webhook-timestamp", String.valueOf(timestamp))
            .putHeader("webhook-signature", Signature.sign(secret, eventId, timestamp, body));
        return http.request(request)
            .compose(req -> req.send(body))
            .compose(ReceiverAnswer::status)
            .compose(status -> status >= 200 && status < 300 ? Future.succeededFuture(status)
                : Future.failedFuture("the receiver answered " + status));
    }

    private CircuitBreaker circuitFor(String webhookId) {
        CircuitBreaker circuit = circuits.get(webhookId);
        if (circuit == null) {
            circuit = Breakers.create(vertx, "webhooks", circuitConfig, registry);
            circuits.put(webhookId, circuit);
            if (circuits.size() > MAX_CIRCUITS) {
                var eldest = circuits.entrySet().iterator().next();
                circuits.remove(eldest.getKey());
                Breakers.retire(eldest.getValue(), "webhooks", registry);
            }
        }
        return circuit;
    }

    private Future<Void> failedAttempt(Row row, String error) {
        long id = row.getLong("id");
        int attempts = row.getInteger("attempts");
        if (attempts < maxAttempts) {
            failed.increment();
            Duration delay = backoff.after(attempts, ThreadLocalRandom.current());
            return pool.preparedQuery(RETRY)
                .execute(Tuple.of(id, OffsetDateTime.now(ZoneOffset.UTC).plus(delay), error))
                .mapEmpty();
        }
        dead.increment();
        JsonObject letter = new JsonObject()
            .put("consumer", "webhooks")
            .put("topic", Topics.ORDERS)
            .put("partition", -1)
            .put("offset", id)
            .put("key", row.getString("event_id"))
            .put("value", row.getString("payload"))
            .put("error", "webhook " + row.getString("webhook_id") + " failed " + attempts + " times; last: " + error)
            .put("tenantId", row.getString("tenant_id"))
            .put("reference", String.valueOf(id))
            .put("at", Instant.now().toString());
        LOG.warn("webhook delivery {} to {} is dead after {} attempts: {}", id, row.getString("url"), attempts, error);
        return deadLetters.send(Topics.WEBHOOKS_DLQ, row.getString("event_id"), letter, CorrelationId.UNKNOWN)
            .compose(sent -> pool.preparedQuery(DEAD).execute(Tuple.of(id, "DEAD", error)))
            .mapEmpty();
    }

    private static JsonObject toJson(Row row) {
        return new JsonObject()
            .put("id", row.getString("id"))
            .put("url", row.getString("url"))
            .put("events", new JsonArray(Arrays.asList(row.getArrayOfStrings("events"))))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
    }
}
