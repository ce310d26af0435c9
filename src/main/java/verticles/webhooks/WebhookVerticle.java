package verticles.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.platform.jobs.Backoff;
import verticles.domain.webhook.SecretBox;
import verticles.domain.webhook.Signature;
import verticles.domain.webhook.TargetPolicy;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.CreatedOnce;
import verticles.platform.kafka.BatchConsumer;
import verticles.platform.kafka.DeadLetters;
import verticles.platform.kafka.Incoming;
import verticles.platform.metrics.Meters;
import verticles.orders.OrderTopics;
import verticles.shipments.ShipmentTopics;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Signed webhooks. Merchants subscribe a URL to order event types; every such event becomes one
 * delivery row per matching webhook (the row is the durable to-do: a node that dies mid-send
 * leaves it due, and another node sends it). {@link Deliveries} sends them; {@link Targets}
 * checks where they may go; {@link WebhookStore} holds the SQL. This verticle wires them to the
 * event bus and to the order events.
 */
public final class WebhookVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);

    private Pool pool;
    private WebhookStore store;
    private Targets targets;
    private SecretBox secrets;
    private SignedSender sender;
    private Deliveries deliveries;
    private DeadLetters deadLetters;
    private BatchConsumer consumer;
    private List<MessageConsumer<JsonObject>> commands;
    private long pollTimer;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        MeterRegistry registry = Meters.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 4), "webhooks");
        store = new WebhookStore(pool);
        targets = new Targets(vertx, new TargetPolicy(config.get(WebhookKeys.WEBHOOKS_ALLOW_LOOPBACK)));
        secrets = SecretBox.of(config.get(WebhookKeys.WEBHOOKS_SECRET_KEYS));
        long timeoutMs = config.get(WebhookKeys.WEBHOOKS_TIMEOUT).toMillis();
        sender = new SignedSender(vertx, timeoutMs);
        deadLetters = new DeadLetters(vertx, Clients.kafkaProducer(config, "meridian-webhooks-dlq"), "webhooks", registry);
        deliveries = new Deliveries(store, targets, sender, new Circuits(vertx, config, registry), secrets, deadLetters,
            new Deliveries.Settings(new Backoff(config.get(WebhookKeys.WEBHOOKS_RETRY_BASE), config.get(WebhookKeys.WEBHOOKS_RETRY_MAX)),
                config.get(WebhookKeys.WEBHOOKS_MAX_ATTEMPTS), Duration.ofMillis(timeoutMs * 3 + 30_000),
                // Connecting and answering each within the timeout, then a few seconds to record the outcome.
                Duration.ofMillis(timeoutMs * 2 + 5_000), config.get(Keys.BREAKER_RESET)),
            registry);
        var bus = vertx.eventBus();
        commands = List.of(
            bus.<JsonObject>consumer(WebhookAddresses.WEBHOOKS_CREATE, m -> CommandFailure.replyTo(m, create(m.body()), LOG)),
            bus.<JsonObject>consumer(WebhookAddresses.WEBHOOKS_GET, m -> CommandFailure.replyTo(m, get(m.body()), LOG)),
            bus.<JsonObject>consumer(WebhookAddresses.WEBHOOKS_LIST, m -> CommandFailure.replyTo(m, list(m.body()), LOG)),
            bus.<JsonObject>consumer(WebhookAddresses.WEBHOOKS_DELETE, m -> CommandFailure.replyTo(m, delete(m.body()), LOG)),
            bus.<JsonObject>consumer(WebhookAddresses.WEBHOOK_DELIVERIES_PENDING, m -> deliveries.dispatch()),
            bus.<JsonObject>consumer(WebhookAddresses.WEBHOOK_DELIVERY_REDO, m -> CommandFailure.replyTo(m, redo(m.body()), LOG)));
        pollTimer = vertx.setPeriodic(config.get(WebhookKeys.WEBHOOKS_POLL_INTERVAL).toMillis(), t -> deliveries.dispatch());
        return Future.all(commands.stream().map(MessageConsumer::completion).toList())
            .compose(v -> BatchConsumer.start(vertx, config, "meridian-webhooks", "webhooks",
                List.of(OrderTopics.ORDERS, ShipmentTopics.SHIPMENT_EVENTS), this::enqueue, registry))
            .onSuccess(c -> consumer = c)
            .onSuccess(c -> SecretResealing.run(store, secrets)
                .onFailure(e -> LOG.warn("resealing webhook secrets failed; the next start tries again: {}", e.toString())));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(pollTimer);
        return (consumer == null ? Future.succeededFuture() : consumer.stop())
            .eventually(() -> Future.all(commands.stream().map(MessageConsumer::unregister).toList()))
            .eventually(deliveries::stop)
            .eventually(deadLetters::close)
            .eventually(sender::close)
            .eventually(pool::close);
    }

    // ---- subscriptions

    private Future<JsonObject> create(JsonObject command) {
        URI url = URI.create(command.getString("url"));
        String tenantId = command.getString("tenantId");
        return targets.resolve(url.getHost()).compose(allowed -> {
            String secret = Signature.newSecret();
            String id = Ids.newWebhookId();
            String[] events = command.getJsonArray("events").stream().map(String::valueOf).toArray(String[]::new);
            // The secret is shown once, in this answer; the database only ever holds it sealed.
            return store.create(command, id, url.toString(), events, secrets.seal(secret, id))
                .compose(outcome -> outcome.created()
                    ? Future.succeededFuture(WebhookStore.toJson(outcome.rows().iterator().next()).put("secret", secret))
                    : store.created(tenantId, outcome.earlierId())
                        .map(webhook -> CreatedOnce.replayed(webhook.put("withheld", new JsonArray().add("secret")))));
        });
    }

    private Future<JsonObject> get(JsonObject query) {
        String id = query.getString("webhookId");
        return store.get(query.getString("tenantId"), id)
            .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> CommandFailure.fail(404, "no webhook " + id)));
    }

    private Future<JsonObject> list(JsonObject query) {
        return store.list(query.getString("tenantId")).map(items -> new JsonObject().put("items", items));
    }

    private Future<JsonObject> delete(JsonObject command) {
        String id = command.getString("webhookId");
        return store.delete(command.getString("tenantId"), id)
            .compose(deleted -> deleted ? Future.succeededFuture(new JsonObject().put("deleted", id))
                : CommandFailure.fail(404, "no webhook " + id));
    }

    // ---- deliveries

    /** An admin's replay of a dead delivery: due again from its first attempt, and sent now. */
    private Future<JsonObject> redo(JsonObject command) {
        long id = command.getLong("deliveryId");
        return store.redo(id).compose(found -> {
            if (!found) {
                return CommandFailure.<JsonObject>fail(404, "no webhook delivery " + id);
            }
            deliveries.dispatch();
            return Future.succeededFuture(new JsonObject().put("deliveryId", id));
        });
    }

    /** Turns a batch of order and shipment events into delivery rows, one per matching webhook, at most once each. */
    private Future<Void> enqueue(List<Incoming> batch) {
        List<String> tenants = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Incoming incoming : batch) {
            SubscribableEvent event = SubscribableEvent.of(incoming.event());
            if (event == null) {
                continue;
            }
            if (event.tenantId() == null || event.eventId() == null) {
                incoming.reject("a " + event.type() + " event without tenant or id");
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
        return store.enqueue(tenants, ids, types, payloads)
            .onSuccess(added -> {
                if (added > 0) {
                    deliveries.dispatch();
                }
            })
            .mapEmpty();
    }
}
