package meridian.load;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.List;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Live push over Server-Sent Events, in two modes.
 *
 * <p>{@code -Dmode=latency} (default): {@code subscribers} users (default 1,000) each watch one
 * shipment's stream while couriers post {@code rate} updates a second to those shipments (an
 * open model, every answer must be {@code 202}). Each frame's end-to-end latency, from the server
 * accepting the update to the frame arriving at the watcher, is collected and printed at the end
 * as {@code END-TO-END ... p50 / p90 / p99}; {@code feedWatchers} dashboards (default 10) watch
 * the tenant feed ({@code /v1/events}) at the same time and get their own line. (Gatling's own
 * SSE check times the wait for a check set after the frame may already have come, so it cannot
 * time this itself.)
 *
 * <p>{@code -Dmode=connections}: {@code connections} users (default 20,000) open a stream each
 * over {@code ramp} seconds, receive its snapshot and hold it open for {@code duration} seconds,
 * to measure what a node needs for that many clients (read its heap from {@code /metrics}).
 */
public class StreamsSimulation extends Simulation {

    private final Shipments shipments = Shipments.create();
    private final HttpProtocolBuilder protocol = LoadSettings.protocol();
    private final boolean connectionsMode = "connections".equals(System.getProperty("mode", "latency"));
    private final int subscribers = LoadSettings.intSetting("subscribers", 1_000, 2);
    private final int connections = LoadSettings.intSetting("connections", 20_000, 50);
    /** Dashboards on the tenant feed ({@code GET /v1/events}), which carries every shipment's frames. */
    private final int feedWatchers = LoadSettings.intSetting("feedWatchers", 10, 1);

    private List<Map<String, Object>> shipmentFeed() {
        return shipments.all().stream().map(id -> Map.<String, Object>of("shipmentId", id)).toList();
    }

    private final ChainBuilder connect = exec(sse("connect").get("/v1/shipments/#{shipmentId}/events")
        .await(30).on(sse.checkMessage("snapshot").matching(jsonPath("$.event").is("snapshot"))));

    /** End-to-end latencies seen by the shipment watchers and by the feed watchers, in microseconds. */
    private static final List<Long> LATENCIES = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private static final List<Long> FEED_LATENCIES = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private static final java.util.regex.Pattern RECEIVED_AT = java.util.regex.Pattern.compile("\"receivedAt\":\"([^\"]+)\"");

    /** Couriers posting updates to the watched shipments, {@code rate} a second in all. */
    private ScenarioBuilder couriers() {
        List<String> all = shipments.all();
        // Only shipments somebody watches: every update is a frame to measure.
        List<String> ids = all.subList(0, Math.min(all.size(), Math.max(1, subscribers)));
        return scenario("couriers post positions")
            .exec(session -> session.set("shipmentId", ids.get(java.util.concurrent.ThreadLocalRandom.current()
                .nextInt(ids.size()))).set("at", Shipments.nextTime().toString()))
            .exec(http("POST location").post("/v1/shipments/#{shipmentId}/locations")
                .body(StringBody("{\"lat\":52.5,\"lon\":13.4,\"recordedAt\":\"#{at}\"}"))
                .check(status().is(202)));
    }

    /**
     * Customers watching a shipment each: every location frame's latency is the time from the
     * server accepting the update ({@code receivedAt}, just before Kafka's ack and the {@code 202})
     * to the frame arriving here, on the same clock.
     */
    private ScenarioBuilder watchers() {
        return scenario("customers watch shipments")
            .feed(listFeeder(shipmentFeed()).circular())
            .exec(connect)
            .exec(measureFrames(LATENCIES))
            .exec(sse("close").close());
    }

    /** Dashboards on the tenant feed: every shipment's frames arrive on one stream each. */
    private ScenarioBuilder feedWatchers() {
        return scenario("dashboards watch the tenant feed")
            .exec(sse("connect").get("/v1/events")
                .await(30).on(sse.checkMessage("snapshot").matching(jsonPath("$.event").is("snapshot"))))
            .exec(measureFrames(FEED_LATENCIES))
            .exec(sse("close").close());
    }

    /** Watches while the couriers post (they start once every watcher is connected), timing each location frame. */
    private static ChainBuilder measureFrames(List<Long> into) {
        return exec(during(LoadSettings.durationSeconds()).on(
            exec(sse("location frame").setCheck().await(10).on(
                sse.checkMessage("location").matching(jsonPath("$.event").is("location"))
                    .check(jsonPath("$.data").saveAs("frame")))),
            exec(session -> {
                long arrived = System.currentTimeMillis() * 1000;
                java.util.regex.Matcher m = RECEIVED_AT.matcher(session.getString("frame"));
                if (m.find()) {
                    java.time.Instant received = java.time.Instant.parse(m.group(1));
                    into.add(arrived - received.getEpochSecond() * 1_000_000 - received.getNano() / 1_000);
                }
                return session;
            })));
    }

    @Override
    public void after() {
        report("END-TO-END (update accepted -> SSE frame at the watcher)", LATENCIES);
        report("END-TO-END on the tenant feed (update accepted -> frame at the dashboard)", FEED_LATENCIES);
    }

    private static void report(String what, List<Long> latencies) {
        if (latencies.isEmpty()) {
            return;
        }
        List<Long> sorted = new java.util.ArrayList<>(latencies);
        java.util.Collections.sort(sorted);
        java.util.function.DoubleFunction<String> at = q -> String.format("%.1f",
            sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size()))) / 1000.0);
        System.out.println(what + ", " + sorted.size()
            + " frames: p50 " + at.apply(0.50) + " ms, p90 " + at.apply(0.90) + " ms, p99 " + at.apply(0.99)
            + " ms, p99.9 " + at.apply(0.999) + " ms, max " + String.format("%.1f", sorted.get(sorted.size() - 1) / 1000.0)
            + " ms");
    }

    private ScenarioBuilder holdOpen() {
        return scenario("hold a stream open")
            .feed(listFeeder(shipmentFeed()).circular())
            .exec(connect)
            .exec(pause(LoadSettings.durationSeconds()))
            .exec(sse("close").close());
    }

    {
        if (connectionsMode) {
            setUp(holdOpen().injectOpen(rampUsers(connections).during(LoadSettings.rampSeconds())))
                .protocols(protocol)
                .assertions(global().failedRequests().percent().lte(LoadSettings.maxFailedPercent()));
        } else {
            setUp(watchers().injectOpen(rampUsers(subscribers).during(LoadSettings.rampSeconds())),
                feedWatchers().injectOpen(rampUsers(feedWatchers).during(LoadSettings.rampSeconds())),
                couriers().injectOpen(nothingFor(LoadSettings.rampSeconds() + 2),
                    constantUsersPerSec(LoadSettings.rate()).during(LoadSettings.durationSeconds())))
                .protocols(protocol)
                .assertions(LoadSettings.assertions());
        }
    }
}
