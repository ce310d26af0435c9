package verticles.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.api.contract.ApiContract;
import verticles.devices.DeviceRoutes;
import verticles.shipments.OsmAndRoutes;
import verticles.tenants.TenantSettingsRoutes;
import verticles.trackinglinks.TrackingLinkRoutes;
import verticles.trackinglinks.TrackingPageRoutes;
import verticles.api.contract.ContractCheck;
import verticles.api.contract.ContractRouter;
import verticles.api.contract.StoredHeaders;
import verticles.platform.Clients;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.platform.http.Operations;
import verticles.platform.http.Problem;
import verticles.platform.metrics.Meters;
import verticles.platform.trace.CorrelationId;
import verticles.deadletters.DeadLetterRoutes;
import verticles.inventory.InventoryRoutes;
import verticles.orders.OrderRoutes;
import verticles.push.StreamRoutes;
import verticles.push.StreamTokenRoutes;
import verticles.shipments.IngestRoutes;
import verticles.shipments.ShipmentRoutes;
import verticles.push.StreamTokens;
import verticles.tenants.KeyDirectory;
import verticles.tenants.TenantAdminRoutes;
import verticles.webhooks.WebhookRoutes;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP edge of a node: authenticates every {@code /v1} request, checks it, and hands it to
 * the verticle that owns it. Health and metrics need no key. On stop it stops accepting and
 * lets in-flight requests finish before the clients close.
 */
public final class ApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
    /** Redoc from its webjar (org.webjars:redoc, the redoc.version in pom.xml). */
    private static final String REDOC_SCRIPT = "META-INF/resources/webjars/redoc/2.5.1/redoc.standalone.js";
    /** The contract's operations answered by routes mounted ahead of the contract's, without a key or a check. */
    private static final Set<String> SERVED_AHEAD = Set.of("live", "ready", "getContract", "getDashboard", "getDocs",
        "getMetrics");

    private HttpServer server;
    private Pool pool;
    private Redis redis;
    private KafkaAdminClient kafka;
    private IngestRoutes ingest;
    private OsmAndRoutes osmAnd;
    private Redis edgeRedis;
    private StreamRoutes streams;
    private long shutdownMs;

    @Override
    public Future<?> start() {
        return ApiContract.load(vertx).compose(this::start);
    }

    private Future<?> start(ApiContract contract) {
        MeridianConfig config = MeridianConfig.of(config());
        shutdownMs = config.get(Keys.SHUTDOWN_TIMEOUT).toMillis();
        pool = Clients.postgres(vertx, config, "api");
        redis = Clients.redis(vertx, config.with(Keys.REDIS_POOL_SIZE, 1));
        kafka = KafkaAdminClient.create(vertx, Clients.kafkaAdmin(config));

        Router router = Router.router(vertx);
        router.route().handler(CorrelationId.handler()).handler(new StoredHeaders());
        new HealthRoutes(vertx, pool, redis, kafka, config, Meters.of(config())).mount(router);
        HealthRoutes.registerClusterGauge(vertx, Meters.of(config()));
        String registry = config().getString(Meters.REGISTRY_KEY);
        if (registry != null) {
            router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        }
        mountApiDocuments(router);
        mountDashboard(router);
        edgeRedis = Clients.redis(vertx, config);
        StreamTokens tokens = StreamTokens.forNode(vertx, config.get(Keys.PUSH_TOKEN_SECRET), config.get(Keys.PUSH_TOKEN_TTL));
        BodyHandler singleBody = BodyHandler.create(false).setBodyLimit(config.get(Keys.HTTP_BODY_LIMIT));
        BodyHandler batchBody = BodyHandler.create(false).setBodyLimit(config.get(Keys.HTTP_BATCH_BODY_LIMIT));
        ApiKeyAuthentication keys = new ApiKeyAuthentication(new KeyDirectory(pool), tokens, config.get(Keys.AUTH_KEY_CACHE_TTL),
            FailedAuthentication.forNode(vertx, config.get(Keys.AUTH_FAILURES_PER_SECOND), config.get(Keys.AUTH_FAILURE_BURST),
                config.get(Keys.AUTH_UNKNOWN_KEY_TTL)));
        keys.forgetChangedKeys(vertx.eventBus());
        AdminRoutes admin = new AdminRoutes(vertx, config.get(Keys.AUTH_ADMIN_KEY));
        router.route("/v1/*")
            .handler(rc -> ("/v1/locations".equals(rc.normalizedPath()) ? batchBody : singleBody).handle(rc))
            .handler(rc -> {
                if (AdminRoutes.isAdminPath(rc)) {
                    admin.authenticate(rc);
                } else {
                    keys.handle(rc);
                }
            })
            .handler(new RateLimiter(edgeRedis, config.get(Keys.RATELIMIT_PER_SECOND), config.get(Keys.RATELIMIT_BURST),
                Meters.of(config())))
            .handler(new Idempotency(edgeRedis, config.get(Keys.IDEMPOTENCY_TTL),
                config.get(Keys.IDEMPOTENCY_RUNNING_HOLD)));
        ingest = new IngestRoutes(vertx, config, Meters.of(config()));
        ContractCheck check = new ContractCheck(contract);
        Operations operations = new Operations();
        admin.mount(operations);
        new TenantAdminRoutes(vertx).mount(operations);
        new DeadLetterRoutes(vertx).mount(operations);
        new OrderRoutes(vertx).mount(operations);
        new InventoryRoutes(vertx).mount(operations);
        new WebhookRoutes(vertx).mount(operations);
        new ShipmentRoutes(vertx, config, edgeRedis, Meters.of(config())).mount(operations);
        new TenantSettingsRoutes(vertx).mount(operations);
        new TrackingLinkRoutes(vertx).mount(operations);
        new DeviceRoutes(vertx).mount(operations);
        ingest.mount(operations);
        new StreamTokenRoutes(vertx, tokens).mount(operations);
        streams = new StreamRoutes(vertx, config, edgeRedis, Meters.of(config()));
        streams.mount(operations);
        new TrackingPageRoutes(vertx, streams).mount(router, operations);
        ContractRouter.mount(router, contract, check, operations, SERVED_AHEAD);
        osmAnd = ingest.osmAnd(vertx, body -> check.bodyViolations("recordLocation", body));
        osmAnd.mount(router);
        answerFailuresAsProblems(router);

        HttpServerOptions options = new HttpServerOptions()
            .setHost(config.get(Keys.HTTP_HOST))
            .setPort(config.get(Keys.HTTP_PORT))
            .setCompressionSupported(true);
        if (config.get(Keys.HTTP_SEND_BUFFER) > 0) {
            options.setSendBufferSize(config.get(Keys.HTTP_SEND_BUFFER));
        }
        ConnectionLimit connections = ConnectionLimit.forNode(vertx, config.get(Keys.HTTP_MAX_CONNECTIONS));
        server = vertx.createHttpServer(options).connectionHandler(connections::admit).requestHandler(router);
        return server.listen()
            .compose(s -> osmAnd.listenOnOwnPort(config.get(Keys.HTTP_HOST)).map(s))
            .onSuccess(s -> LOG.debug("HTTP API listening on port {}", s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        // Stop accepting, then end the open streams: their clients reconnect to another node and resume.
        Future<Void> drained = server.shutdown(shutdownMs, TimeUnit.MILLISECONDS);
        streams.closeAll();
        return drained
            .eventually(osmAnd::close)
            .eventually(ingest::close)
            .eventually(() -> {
                edgeRedis.close();
                return Future.succeededFuture();
            })
            .eventually(kafka::close)
            .eventually(redis::close)
            .eventually(pool::close);
    }

    /**
     * The API's contract at {@code /openapi.yaml} and rendered at {@code /docs} (Redoc, served
     * from the jar), both without a key, like health and metrics.
     */
    private void mountApiDocuments(Router router) {
        router.get("/openapi.yaml").handler(rc -> vertx.fileSystem().readFile(ApiContract.DOCUMENT)
            .onSuccess(yaml -> rc.response().putHeader("Content-Type", "application/yaml").end(yaml))
            .onFailure(rc::fail));
        router.get("/docs").handler(rc -> rc.reroute("/docs/index.html"));
        router.get("/docs/redoc.standalone.js").handler(rc -> rc.response()
            .putHeader("Content-Type", "application/javascript; charset=utf-8").sendFile(REDOC_SCRIPT));
        router.get("/docs/*").handler(StaticHandler.create("docs").setCachingEnabled(true));
    }

    /**
     * The merchant dashboard: static ES modules from the jar, no build step. It signs in with an
     * API key in the browser and uses the public API and the tenant feed like any client.
     */
    private static void mountDashboard(Router router) {
        router.get("/").handler(rc -> rc.reroute("/dashboard/index.html"));
        router.get("/dashboard/*").handler(StaticHandler.create("dashboard").setCachingEnabled(true));
    }

    /**
     * Each error handler answers with its own status: the router picks the handler by the status it
     * fails with, but a failure without one (no route left after a handler called next) leaves the
     * context's status unset.
     */
    private static void answerFailuresAsProblems(Router router) {
        router.errorHandler(400, rc -> statusProblem(rc, 400, "the request could not be read"));
        router.errorHandler(404, rc -> statusProblem(rc, 404, "no such resource: " + rc.request().path()));
        router.errorHandler(405, rc -> statusProblem(rc, 405, rc.request().method() + " is not allowed on "
            + rc.request().path()));
        router.errorHandler(413, rc -> statusProblem(rc, 413, "the request body is larger than this route accepts"));
        router.errorHandler(415, rc -> statusProblem(rc, 415, "send the body as application/json"));
        router.errorHandler(503, rc -> {
            LOG.atWarn().addKeyValue(CorrelationId.FIELD, CorrelationId.of(rc))
                .log("{} {} answered 503: {}", rc.request().method(), rc.request().path(), String.valueOf(rc.failure()));
            statusProblem(rc, 503, "a backing service is unavailable; retry shortly");
        });
        router.errorHandler(500, rc -> {
            LOG.atError().addKeyValue(CorrelationId.FIELD, CorrelationId.of(rc)).setCause(rc.failure())
                .log("{} {} failed", rc.request().method(), rc.request().path());
            statusProblem(rc, 500, "an unexpected error occurred; it has been logged");
        });
    }

    private static void statusProblem(RoutingContext rc, int status, String detail) {
        if (!rc.response().ended()) {
            Problem.send(rc, status, Problem.titleFor(status), detail);
        }
    }
}
