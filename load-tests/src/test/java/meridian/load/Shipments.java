package meridian.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipments a simulation works on, created through the public API before the load starts
 * ({@code -Dshipments=N}, default 1,000), each given a first position so reads find one.
 */
final class Shipments {

    private static final Pattern ID = Pattern.compile("\"id\":\"(shp_[a-z0-9]+)\"");
    /**
     * Device times in microseconds: each after every earlier one, never repeating, and never
     * more than a minute behind the wall clock, so however long a run lasts its fixes stay
     * within a short history retention (the soak keeps five minutes).
     */
    private static final AtomicLong CLOCK_MICROS = new AtomicLong();

    private final List<String> ids;

    private Shipments(List<String> ids) {
        this.ids = ids;
    }

    static Shipments create() {
        int count = LoadSettings.intSetting("shipments", 1_000, 20);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> ids = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                String created = send(http, "/v1/shipments", "application/json", "{\"reference\": \"load-" + i + "\"}", 201);
                Matcher m = ID.matcher(created);
                if (!m.find()) {
                    throw new IllegalStateException("no shipment id in " + created);
                }
                ids.add(m.group(1));
            }
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                send(http, "/v1/locations", "application/json",
                    "[" + String.join(",", chunk.stream().map(Shipments::item).toList()) + "]", 202);
            }
            awaitPosition(http, ids.get(ids.size() - 1));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not prepare shipments at " + LoadSettings.baseUrl(), e);
        }
        return new Shipments(ids);
    }

    /** The first positions go through Kafka and the tracking consumer; wait until the last one is in. */
    private static void awaitPosition(HttpClient http, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(LoadSettings.baseUrl() + "/v1/shipments/" + id))
                .header("Authorization", "Bearer " + LoadSettings.apiKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("\"position\":{")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the first positions did not arrive within 60 s");
    }

    List<String> all() {
        return ids;
    }

    /** A new device time for an update: after every earlier one, whichever user asks. */
    static Instant nextTime() {
        long floor = (System.currentTimeMillis() - 60_000) * 1_000;
        return Instant.EPOCH.plus(CLOCK_MICROS.updateAndGet(c -> Math.max(c + 1, floor)), ChronoUnit.MICROS);
    }

    String any() {
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    /** One location update for a random shipment, moving around Berlin. */
    String update() {
        return fix(null);
    }

    /** A batch item: the same, naming its shipment. */
    String item() {
        return item(any());
    }

    static String item(String shipmentId) {
        return fix(shipmentId);
    }

    String batch(int size) {
        StringBuilder b = new StringBuilder(size * 120).append('[');
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ",").append(item());
        }
        return b.append(']').toString();
    }

    private static String fix(String shipmentId) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Instant at = nextTime();
        return "{" + (shipmentId == null ? "" : "\"shipmentId\":\"" + shipmentId + "\",")
            + "\"lat\":" + (52.4 + r.nextDouble(0.2)) + ",\"lon\":" + (13.3 + r.nextDouble(0.2))
            + ",\"recordedAt\":\"" + at + "\",\"speed\":" + r.nextInt(20) + ",\"heading\":" + r.nextInt(360) + "}";
    }

    private static String send(HttpClient http, String path, String type, String body, int expected)
        throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(LoadSettings.baseUrl() + path))
            .header("Authorization", "Bearer " + LoadSettings.apiKey()).header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
