package verticles.platform.config;

import java.time.Duration;
import java.util.List;

/**
 * The configuration keys of the platform and the HTTP edge, with their defaults and meanings;
 * each feature declares its own ({@link KeySet}), and the launcher the verticle counts. The YAML files under
 * {@code conf/} set them per profile; an environment variable overrides any of them (see
 * {@link ConfigKey} for the naming rule). docs/configuration.md is generated from these keys,
 * and ConfigurationDocTest fails when it is out of date.
 */
public final class Keys {

    private Keys() {
    }

    // --- HTTP
    public static final ConfigKey<String> HTTP_HOST = ConfigKey.string("http.host", "0.0.0.0",
        "address the HTTP API binds to");
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.integer("http.port", 8080,
        "port of the HTTP API, health and metrics");
    public static final ConfigKey<Integer> HTTP_BODY_LIMIT = ConfigKey.integer("http.body-limit-bytes", 65_536,
        "largest request body accepted for single objects; larger answers 413");

    public static final ConfigKey<Integer> HTTP_BATCH_BODY_LIMIT = ConfigKey.integer("http.batch-body-limit-bytes",
        1_048_576, "largest body accepted by POST /v1/locations; larger answers 413");

    public static final ConfigKey<Integer> HTTP_MAX_CONNECTIONS = ConfigKey.integer("http.max-connections", 0,
        "HTTP connections a node keeps open at most, beyond which new ones are closed at once; 0: the process's open-file limit less 1,000");
    public static final ConfigKey<Integer> HTTP_SEND_BUFFER = ConfigKey.integer("http.send-buffer-bytes", 0,
        "kernel send buffer per connection (SO_SNDBUF); 0 leaves it to the OS, a small one bounds what each of many streams holds");

    // --- the transactional outbox and its relay
    public static final ConfigKey<Duration> OUTBOX_POLL_INTERVAL = ConfigKey.duration("outbox.poll-interval", "250ms",
        "how often the relay looks for unsent outbox rows when nothing woke it earlier");
    public static final ConfigKey<Integer> OUTBOX_BATCH_SIZE = ConfigKey.integer("outbox.batch-size", 500,
        "outbox rows published per relay round");
    public static final ConfigKey<Duration> OUTBOX_RETENTION = ConfigKey.duration("outbox.retention", "1d",
        "how long sent outbox rows are kept before they are purged");
    public static final ConfigKey<Duration> MAINTENANCE_INTERVAL = ConfigKey.duration("maintenance.interval", "10m",
        "how often the maintenance runs (partitions made ahead, expired ones dropped, old rows purged), on one node at a time");

    // --- cluster
    public static final ConfigKey<Boolean> CLUSTER_ENABLED = ConfigKey.bool("cluster.enabled", true,
        "join a Hazelcast cluster (clustered event bus); false runs a standalone node");
    public static final ConfigKey<String> CLUSTER_NAME = ConfigKey.string("cluster.name", "meridian",
        "Hazelcast cluster name; nodes with different names never join each other");
    public static final ConfigKey<String> CLUSTER_HOST = ConfigKey.string("cluster.host", "127.0.0.1",
        "address this node's Hazelcast member and event bus bind to and advertise");
    public static final ConfigKey<Integer> CLUSTER_PORT = ConfigKey.integer("cluster.port", 5701,
        "first Hazelcast port tried; the next free one is taken when it is in use");
    public static final ConfigKey<Integer> CLUSTER_EVENT_BUS_PORT = ConfigKey.integer("cluster.event-bus-port", 0,
        "port the clustered event bus listens on for the other nodes; 0 takes a free one (nodes sharing a host), a "
            + "fixed one is for where a firewall or NetworkPolicy must name it (5710 in the k8s profile)");
    public static final ConfigKey<List<String>> CLUSTER_MEMBERS = ConfigKey.list("cluster.members", "127.0.0.1",
        "TCP-IP join: addresses (host or host:port) of members to contact");
    public static final ConfigKey<String> CLUSTER_KUBERNETES_SERVICE_DNS = ConfigKey.string(
        "cluster.kubernetes-service-dns", "",
        "Kubernetes DNS discovery: the headless service's DNS name; when set it replaces the TCP-IP members list");

    // --- Kafka
    public static final ConfigKey<String> KAFKA_BOOTSTRAP = ConfigKey.string("kafka.bootstrap", "127.0.0.1:9092",
        "Kafka bootstrap servers");
    public static final ConfigKey<Integer> KAFKA_PARTITIONS = ConfigKey.integer("kafka.partitions", 6,
        "partitions of each topic Meridian creates");
    public static final ConfigKey<Integer> KAFKA_REPLICATION = ConfigKey.integer("kafka.replication-factor", 1,
        "replication factor of each topic Meridian creates (3 in production)");
    public static final ConfigKey<Duration> KAFKA_DELIVERY_TIMEOUT = ConfigKey.duration("kafka.delivery-timeout", "5s",
        "how long a send may take before it counts as failed (the caller gets 503)");

    // --- Redis
    public static final ConfigKey<String> REDIS_URL = ConfigKey.string("redis.url", "redis://127.0.0.1:6379",
        "Redis connection string; with redis.cluster, a comma-separated list of seed nodes");
    public static final ConfigKey<Boolean> REDIS_CLUSTER = ConfigKey.bool("redis.cluster", false,
        "redis.url names a Redis Cluster: keys are routed by hash slot (each tenant's keys share one slot)");
    public static final ConfigKey<Integer> REDIS_POOL_SIZE = ConfigKey.integer("redis.pool-size", 8,
        "Redis connections per verticle instance");

    // --- PostgreSQL
    public static final ConfigKey<String> PG_URL = ConfigKey.string("pg.url",
        "postgresql://postgres@127.0.0.1:5432/meridian", "PostgreSQL connection URI");
    public static final ConfigKey<Integer> PG_POOL_SIZE = ConfigKey.integer("pg.pool-size", 8,
        "PostgreSQL connections of each verticle family on a node (its instances share them)");



    // --- live push (Server-Sent Events)
    public static final ConfigKey<Integer> JOURNAL_ENTITY_EVENTS = ConfigKey.integer("push.journal.entity-events", 1_000,
        "events kept per shipment and per order for Last-Event-ID resume; older ones get a reset and a fresh snapshot");
    public static final ConfigKey<Integer> JOURNAL_TENANT_EVENTS = ConfigKey.integer("push.journal.tenant-events", 10_000,
        "events kept per tenant feed (GET /v1/events) for resume");
    public static final ConfigKey<Duration> JOURNAL_TTL = ConfigKey.duration("push.journal.ttl", "24h",
        "how long a stream's journal is kept after its last event");
    public static final ConfigKey<String> PUSH_TOKEN_SECRET = ConfigKey.string("push.token-secret", "",
        "HMAC secret for stream tokens, the same on every node; empty makes a random one valid on this node only");
    public static final ConfigKey<Duration> PUSH_TOKEN_TTL = ConfigKey.duration("push.token-ttl", "5m",
        "how long a stream token from POST /v1/stream-tokens is valid");

    // --- rate limits
    public static final ConfigKey<Integer> RATELIMIT_PER_SECOND = ConfigKey.integer("ratelimit.per-second", 1_000,
        "requests per second each API key may make, cluster-wide (a token bucket in Redis); a tenant's own setting wins; 0 turns limits off");
    public static final ConfigKey<Integer> RATELIMIT_BURST = ConfigKey.integer("ratelimit.burst", 2_000,
        "requests an API key may make at once before its per-second rate applies (the bucket's size)");

    // --- idempotency
    public static final ConfigKey<Duration> IDEMPOTENCY_TTL = ConfigKey.duration("idempotency.ttl", "24h",
        "how long the answer to a POST with an Idempotency-Key is kept for replay");
    public static final ConfigKey<Duration> IDEMPOTENCY_RUNNING_HOLD = ConfigKey.duration("idempotency.running-hold", "60s",
        "how long a request still running holds its Idempotency-Key (409 to others); frees the key of a node that died mid-request");

    // --- authentication
    public static final ConfigKey<String> AUTH_ADMIN_KEY = ConfigKey.string("auth.admin-key", "",
        "admin API key for /v1/admin routes; empty disables them");
    public static final ConfigKey<Duration> AUTH_KEY_CACHE_TTL = ConfigKey.duration("auth.key-cache-ttl", "30s",
        "how long a node remembers a verified API key before asking PostgreSQL again");
    public static final ConfigKey<Integer> AUTH_FAILURES_PER_SECOND = ConfigKey.integer("auth.failures-per-second", 20,
        "failed authentications a client address may make per second (a token bucket per address and node)");
    public static final ConfigKey<Integer> AUTH_FAILURE_BURST = ConfigKey.integer("auth.failure-burst", 100,
        "failed authentications a client address may make at once; past its bucket an unknown key is 429 without a lookup");
    public static final ConfigKey<Duration> AUTH_UNKNOWN_KEY_TTL = ConfigKey.duration("auth.unknown-key-ttl", "1m",
        "how long a node remembers a key PostgreSQL did not know, answering it 401 without asking again");
    public static final ConfigKey<Boolean> SEED_DEMO_TENANTS = ConfigKey.bool("seed.demo-tenants", false,
        "create the development tenants demo (key demo-key) and acme (key acme-key) at start-up");


    // --- courier simulator (the couriers verticle, and `java -jar meridian.jar simulate`)

    // --- operations
    public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT = ConfigKey.duration("shutdown.timeout", "20s",
        "how long a graceful shutdown waits for in-flight requests and consumers to drain");
    public static final ConfigKey<Duration> HEALTH_TIMEOUT = ConfigKey.duration("health.timeout", "2s",
        "how long each readiness check may take before it counts as down");
    public static final ConfigKey<Duration> HEALTH_PROBE_INTERVAL = ConfigKey.duration("health.probe-interval", "5s",
        "how often a node checks PostgreSQL, Redis and Kafka for meridian_dependency_up, besides each readiness call");
    public static final ConfigKey<Duration> HEALTH_WEDGED_AFTER = ConfigKey.duration("health.wedged-after", "30s",
        "how long an event loop may go without turning before liveness fails and the pod is restarted");

    // --- circuit breakers (Redis, PostgreSQL, each webhook target)
    public static final ConfigKey<Integer> BREAKER_MAX_FAILURES = ConfigKey.integer("breakers.max-failures", 5,
        "failures in a row that open a circuit: calls then fail at once instead of waiting");
    public static final ConfigKey<Duration> BREAKER_RESET = ConfigKey.duration("breakers.reset-after", "5s",
        "how long a circuit stays open before one trial call is let through");
    public static final ConfigKey<Duration> BREAKER_TIMEOUT = ConfigKey.duration("breakers.call-timeout", "3s",
        "a Redis call through a circuit that takes longer counts as failed (PostgreSQL writes are never cut short)");


    // --- tracing (OpenTelemetry)
    public static final ConfigKey<String> TRACING_OTLP_ENDPOINT = ConfigKey.string("tracing.otlp-endpoint", "",
        "OTLP/HTTP traces endpoint (http://collector:4318/v1/traces); empty turns tracing off");
    public static final ConfigKey<Integer> TRACING_SAMPLE_PERCENT = ConfigKey.integer("tracing.sample-percent", 10,
        "share of new traces recorded, 0-100; a request whose traceparent is sampled is always recorded");
    public static final ConfigKey<String> TRACING_SERVICE_NAME = ConfigKey.string("tracing.service-name", "meridian",
        "service.name of the spans this node exports");

    /** The keys of the platform and the edge; each feature declares its own (see {@link ConfigKeys}). */
    public static final List<ConfigKey<?>> ALL = List.of(
        HTTP_HOST, HTTP_PORT, HTTP_BODY_LIMIT, HTTP_BATCH_BODY_LIMIT, HTTP_MAX_CONNECTIONS, HTTP_SEND_BUFFER,
        OUTBOX_POLL_INTERVAL, OUTBOX_BATCH_SIZE, OUTBOX_RETENTION, MAINTENANCE_INTERVAL, CLUSTER_ENABLED, CLUSTER_NAME, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_EVENT_BUS_PORT,
        CLUSTER_MEMBERS, CLUSTER_KUBERNETES_SERVICE_DNS, KAFKA_BOOTSTRAP, KAFKA_PARTITIONS, KAFKA_REPLICATION,
        KAFKA_DELIVERY_TIMEOUT, REDIS_URL, REDIS_CLUSTER, REDIS_POOL_SIZE, PG_URL, PG_POOL_SIZE, JOURNAL_ENTITY_EVENTS,
        JOURNAL_TENANT_EVENTS, JOURNAL_TTL, PUSH_TOKEN_SECRET, PUSH_TOKEN_TTL, RATELIMIT_PER_SECOND, RATELIMIT_BURST,
        IDEMPOTENCY_TTL, IDEMPOTENCY_RUNNING_HOLD, AUTH_ADMIN_KEY, AUTH_KEY_CACHE_TTL, AUTH_FAILURES_PER_SECOND,
        AUTH_FAILURE_BURST, AUTH_UNKNOWN_KEY_TTL, SEED_DEMO_TENANTS, SHUTDOWN_TIMEOUT, HEALTH_TIMEOUT,
        HEALTH_PROBE_INTERVAL, HEALTH_WEDGED_AFTER,
        BREAKER_MAX_FAILURES, BREAKER_RESET, BREAKER_TIMEOUT, TRACING_OTLP_ENDPOINT, TRACING_SAMPLE_PERCENT,
        TRACING_SERVICE_NAME);
}
