package verticles.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.domain.Ids;
import verticles.domain.webhook.SecretBox;
import verticles.domain.webhook.Signature;
import verticles.domain.webhook.TargetPolicy;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.Migrator;
import verticles.platform.jobs.Backoff;
import verticles.platform.kafka.DeadLetters;
import verticles.testsupport.Database;
import verticles.testsupport.Eventually;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A delivery claimed with a lease is sent only while the lease still covers the send. A claim
 * whose answer comes back late (here it waits on a table lock; across hosts, a link that was
 * down while TCP retransmitted) finds its lease run out, so another node may be sending the
 * same delivery by then: it must leave it to the next claim instead of sending it a second time.
 */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A webhook delivery's lease")
class DeliveryLeaseIT {

    private static final String KEY = "test:G2h/soz0Pxs9HgXmxjMdFZH7DVdzSJ0sy8LfsxomrPg=";
    private static final Duration LEASE = Duration.ofSeconds(3);

    private final Vertx vertx = Vertx.vertx();
    /** The delivery loop is confined to one context, as in its verticle: every dispatch runs on it. */
    private final Context loop = vertx.getOrCreateContext();
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private Pool pool;
    private Database db;
    private HttpServer receiver;
    private DeadLetters deadLetters;
    private Deliveries deliveries;
    private String webhookId;

    @BeforeAll
    void start(Infrastructure infra) throws Exception {
        MeridianConfig config = MeridianConfig.of(new JsonObject()).with(Keys.PG_URL, infra.pgUrl())
            .with(Keys.KAFKA_BOOTSTRAP, infra.kafkaBootstrap()).with(Keys.PG_POOL_SIZE, 1);
        pool = Clients.postgres(vertx, config, "delivery-lease-it");
        await(Migrator.migrate(vertx, pool));
        db = new Database(infra);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        SecretBox secrets = SecretBox.of(List.of(KEY));
        webhookId = Ids.newWebhookId();
        db.update("INSERT INTO tenants (id, name) VALUES ('lease-it', 'lease-it') ON CONFLICT DO NOTHING");
        db.update("INSERT INTO webhooks (id, tenant_id, url, events, secret) VALUES ($1, 'lease-it', $2, $3, $4)",
            webhookId, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks", new String[] {"order.placed"},
            secrets.seal(Signature.newSecret(), webhookId));

        var registry = new SimpleMeterRegistry();
        deadLetters = new DeadLetters(vertx, Clients.kafkaProducer(config, "delivery-lease-it"), "webhooks", registry);
        Duration timeout = Duration.ofMillis(500);
        deliveries = new Deliveries(new WebhookStore(pool), new Targets(vertx, new TargetPolicy(true)),
            new SignedSender(vertx, timeout.toMillis()), new Circuits(vertx, config, registry), secrets, deadLetters,
            new Deliveries.Settings(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), 5, LEASE,
                timeout.multipliedBy(2), Duration.ofSeconds(5)), registry);
    }

    @AfterAll
    void stop() throws Exception {
        db.update("UPDATE webhooks SET deleted_at = now() WHERE id = $1", webhookId);
        await(deliveries.stop().eventually(deadLetters::close).eventually(pool::close));
        db.close();
        receiver.stop(0);
        await(vertx.close());
    }

    @Test
    @DisplayName("is not sent on a claim that came back after its lease ran out; the next claim sends it once")
    void notSentOnALateClaim() throws Exception {
        // A claim with nothing due first: the claim's statement is then prepared on the pool's one
        // connection, so the claim below waits for the lock while it runs, its lease already started.
        loop.runOnContext(v -> deliveries.dispatch());
        Thread.sleep(500);
        String eventId = "ord_lease" + UUID.randomUUID().toString().replace("-", "") + ".v1";
        db.update("INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id, event_type, payload) "
            + "VALUES ($1, 'lease-it', $2, 'order.placed', '{}')", webhookId, eventId);

        // The claim arrives while writes wait: the database starts its lease then, and answers
        // only when the lock is gone, a second after the lease ran out.
        try (AutoCloseable writesWait = db.lock("webhook_deliveries")) {
            loop.runOnContext(v -> deliveries.dispatch());
            Thread.sleep(LEASE.plusSeconds(1).toMillis());
        }
        Eventually.await(Duration.ofSeconds(15), () -> {
            loop.runOnContext(v -> deliveries.dispatch());
            return column("status || ' after ' || attempts || ' claims, due in ' || (next_attempt_at - now())", eventId);
        }, s -> s.startsWith("DELIVERED"));
        Thread.sleep(500);
        assertEquals(List.of(eventId), arrivalsOf(eventId), "sent once");
        assertEquals(2, attempts(eventId), "not by the claim that came back after its lease ran out, but by the next");
    }

    private List<String> arrivalsOf(String eventId) {
        return arrived.stream().filter(eventId::equals).toList();
    }

    private long attempts(String eventId) {
        return Long.parseLong(column("attempts", eventId));
    }

    private String column(String column, String eventId) {
        try {
            return db.rows("SELECT " + column + " FROM webhook_deliveries WHERE event_id = $1", eventId).get(0)[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(30, TimeUnit.SECONDS);
    }
}
