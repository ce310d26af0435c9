package verticles.platform;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

import java.util.HashMap;
import java.util.Map;

/** Creates the infrastructure clients the same way for every verticle. */
public final class Clients {

    private Clients() {
    }

    /**
     * A PostgreSQL pool named for its user. Instances of one verticle share the pool of that
     * name (so two API instances hold one set of connections, and its metrics are reported once).
     */
    public static Pool postgres(Vertx vertx, MeridianConfig config, String name) {
        PgConnectOptions connect = PgConnectOptions.fromUri(config.get(Keys.PG_URL))
            .setPipeliningLimit(256)
            .setCachePreparedStatements(true);
        return PgBuilder.pool()
            .with(new PoolOptions()
                .setName("meridian-" + name)
                .setShared(true)
                .setMaxSize(config.get(Keys.PG_POOL_SIZE))
                .setMaxWaitQueueSize(4096)
                // A command that waited this long for a connection fails before it runs (503,
                // nothing written), well within the edge's 10 s: an overloaded node refuses work
                // instead of doing it after its caller has given up.
                .setConnectionTimeout(3)
                .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
            .connectingTo(connect)
            .using(vertx)
            .build();
    }

    /**
     * A Redis client: of one server, or of a Redis Cluster ({@code redis.cluster}) found through the
     * seed nodes {@code redis.url} lists, reading and writing on primaries only (a replica's
     * answer could be older than one already given).
     */
    public static Redis redis(Vertx vertx, MeridianConfig config) {
        RedisOptions options = new RedisOptions();
        for (String url : config.get(Keys.REDIS_URL).split(",")) {
            options.addConnectionString(url.strip());
        }
        if (config.get(Keys.REDIS_CLUSTER)) {
            options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
        }
        return Redis.createClient(vertx, options
            .setMaxPoolSize(config.get(Keys.REDIS_POOL_SIZE))
            .setMaxPoolWaiting(4096)
            .setMaxWaitingHandlers(4096));
    }

    /** A producer that only reports success once every in-sync replica has the record. */
    public static Map<String, String> kafkaProducer(MeridianConfig config, String clientId) {
        long deliveryMs = config.get(Keys.KAFKA_DELIVERY_TIMEOUT).toMillis();
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", config.get(Keys.KAFKA_BOOTSTRAP));
        props.put("client.id", clientId);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("max.in.flight.requests.per.connection", "5");
        props.put("linger.ms", "2");
        props.put("compression.type", "lz4");
        props.put("request.timeout.ms", String.valueOf(Math.max(1000, deliveryMs - 500)));
        props.put("delivery.timeout.ms", String.valueOf(deliveryMs + 10));
        // send() must not sit on a missing broker's metadata longer than the caller waits.
        props.put("max.block.ms", String.valueOf(deliveryMs));
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        return props;
    }

    /** A consumer that never commits by itself: offsets move only after the work is done. */
    public static Map<String, String> kafkaConsumer(MeridianConfig config, String groupId) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", config.get(Keys.KAFKA_BOOTSTRAP));
        props.put("group.id", groupId);
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        props.put("max.poll.records", "500");
        // A node that dies (SIGKILL, lost pod) gives its partitions up after 10 s, not Kafka's default 45 s.
        props.put("session.timeout.ms", "10000");
        props.put("heartbeat.interval.ms", "3000");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return props;
    }

    public static Map<String, String> kafkaAdmin(MeridianConfig config) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", config.get(Keys.KAFKA_BOOTSTRAP));
        props.put("request.timeout.ms", "5000");
        props.put("default.api.timeout.ms", "10000");
        return props;
    }
}
