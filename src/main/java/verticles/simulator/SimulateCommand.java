package verticles.simulator;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import verticles.platform.config.ConfigKey;
import verticles.platform.config.MeridianConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar meridian.jar simulate --url http://host:8080 --api-key KEY [options]}: the
 * courier simulator on its own, against any Meridian, until it has driven {@code --trips} trips,
 * {@code --duration} has passed, or Ctrl-C. It prints what it did at the end.
 */
public final class SimulateCommand {

    private static final Map<String, ConfigKey<?>> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("--url", SimulatorKeys.COURIERS_URL);
        FLAGS.put("--api-key", SimulatorKeys.COURIERS_API_KEY);
        FLAGS.put("--couriers", SimulatorKeys.COURIERS_COUNT);
        FLAGS.put("--interval", SimulatorKeys.COURIERS_INTERVAL);
        FLAGS.put("--speed", SimulatorKeys.COURIERS_SPEED);
        FLAGS.put("--mode", SimulatorKeys.COURIERS_MODE);
        FLAGS.put("--trips", SimulatorKeys.COURIERS_TRIPS);
    }

    private SimulateCommand() {
    }

    /** Runs the simulation and answers the process exit code. */
    public static int run(String[] args) throws InterruptedException {
        JsonObject couriers = new JsonObject();
        Duration duration = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println(usage());
                return 0;
            }
            if (i + 1 >= args.length || (!FLAGS.containsKey(flag) && !flag.equals("--duration"))) {
                System.err.println("unknown option or missing value: " + flag + "\n\n" + usage());
                return 2;
            }
            String value = args[++i];
            if (flag.equals("--duration")) {
                duration = (Duration) SimulatorKeys.COURIERS_INTERVAL.parse(value);
            } else {
                couriers.put(FLAGS.get(flag).path().substring("couriers.".length()), value);
            }
        }
        MeridianConfig config;
        try {
            config = MeridianConfig.of(new JsonObject().put("couriers", couriers));
            CourierSimulatorVerticle.Settings.of(config);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\n\n" + usage());
            return 2;
        }
        if (config.get(SimulatorKeys.COURIERS_URL).isBlank() || config.get(SimulatorKeys.COURIERS_API_KEY).isBlank()) {
            System.err.println("--url and --api-key are required\n\n" + usage());
            return 2;
        }
        String problem = probe(config.get(SimulatorKeys.COURIERS_URL), config.get(SimulatorKeys.COURIERS_API_KEY));
        if (problem != null) {
            System.err.println(problem);
            return 1;
        }
        return simulate(config, duration);
    }

    private static int simulate(MeridianConfig config, Duration duration) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        CourierSimulatorVerticle simulator = new CourierSimulatorVerticle();
        CountDownLatch done = new CountDownLatch(1);
        boolean[] failed = {false};
        vertx.deployVerticle(simulator, new DeploymentOptions().setConfig(config.toJson()))
            .compose(id -> simulator.finished())
            .onComplete(ended -> {
                failed[0] = ended.failed();
                done.countDown();
            });
        Thread hook = new Thread(() -> {
            simulator.report();
            close(vertx);
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean finished = duration == null ? awaitForever(done) : done.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        Runtime.getRuntime().removeShutdownHook(hook);
        simulator.report();
        close(vertx);
        return finished && failed[0] ? 1 : 0;
    }

    private static void close(Vertx vertx) {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing after the report: nothing is left to tell.
        }
    }

    private static boolean awaitForever(CountDownLatch done) throws InterruptedException {
        done.await();
        return true;
    }

    /** Null when the URL answers and takes the key; otherwise what is wrong, worded for the person who ran it. */
    private static String probe(String url, String apiKey) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
                    + "/v1/orders?limit=1")).header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() == 401) {
                return "Meridian at " + url + " did not accept the API key (401)";
            }
            return answer.statusCode() < 500 ? null : "Meridian at " + url + " answered " + answer.statusCode();
        } catch (Exception e) {
            return "no Meridian answers at " + url + ": " + e;
        }
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("""
            usage: java -jar meridian.jar simulate --url URL --api-key KEY [options]

            Simulated couriers drive orders (or standalone shipments) between real cities through
            Meridian's public API: a fix every interval, warehouse and hub scans, a delivery at the end.

            """);
        FLAGS.forEach((flag, key) -> usage.append(String.format("  %-12s %s (default %s)%n", flag, key.description(),
            key.defaultText().isEmpty() ? "none" : key.defaultText())));
        usage.append(String.format("  %-12s stop after this long, e.g. 60s or 5m (default: run until the trips are "
            + "driven, or Ctrl-C)%n", "--duration"));
        return usage.toString();
    }
}
