package verticles.launcher;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.config.ConfigLoader;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.simulator.SimulateCommand;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The production entry point ({@code java -jar meridian.jar}): reads {@code conf/} and the
 * environment, starts a node against the configured Kafka, Redis and PostgreSQL, and stops it
 * gracefully on SIGTERM or Ctrl-C. It never starts embedded servers. {@code java -jar meridian.jar
 * simulate ...} runs the courier simulator against a Meridian instead (see {@link SimulateCommand}).
 */
public final class Meridian {

    private static final Logger LOG = LoggerFactory.getLogger(Meridian.class);

    private Meridian() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("simulate")) {
            System.exit(SimulateCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        MeridianNode node = run(System.getenv(), () -> { });
        if (node == null) {
            System.exit(1);
        }
    }

    /**
     * Starts a node and registers its graceful stop as a shutdown hook, followed by
     * {@code afterStop} (the developer run's embedded servers). Null when it could not start.
     * One hook does both because the JVM runs separate hooks in no particular order.
     */
    public static MeridianNode run(Map<String, String> env, AutoCloseable afterStop) throws InterruptedException {
        MeridianConfig config;
        try {
            config = loadConfig(env);
        } catch (Exception e) {
            LOG.error("configuration is not usable: {}", e.getMessage());
            return null;
        }
        MeridianNode node;
        try {
            node = MeridianNode.start(config).await(120, TimeUnit.SECONDS);
        } catch (Exception | Error e) {
            if (isPortInUse(e)) {
                LOG.error("Meridian could not start: port {} is in use. Stop what holds it, or choose another port "
                    + "with MERIDIAN_HTTP_PORT (http.port).", config.get(Keys.HTTP_PORT));
            } else {
                LOG.error("Meridian could not start", e);
            }
            return null;
        }
        long shutdownMs = config.get(Keys.SHUTDOWN_TIMEOUT).toMillis();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(node, shutdownMs);
            try {
                afterStop.close();
            } catch (Exception e) {
                LOG.warn("closing after stop failed: {}", e.toString());
            }
        }, "meridian-shutdown"));
        LOG.info("Meridian node ready on port {}", config.get(Keys.HTTP_PORT));
        return node;
    }

    private static boolean isPortInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code conf/} and the environment, blocking; for mains and tests, never an event loop. */
    public static MeridianConfig loadConfig(Map<String, String> env) throws Exception {
        Vertx loader = Vertx.vertx();
        try {
            return ConfigLoader.load(loader, env).await(30, TimeUnit.SECONDS);
        } finally {
            loader.close();
        }
    }

    static void stop(MeridianNode node, long timeoutMs) {
        LOG.info("stopping: draining requests, committing offsets, closing clients");
        CountDownLatch stopped = new CountDownLatch(1);
        node.stop().onComplete(ar -> stopped.countDown());
        try {
            if (!stopped.await(timeoutMs + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("graceful stop took longer than {} ms; exiting anyway", timeoutMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopped");
    }
}
