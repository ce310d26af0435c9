package verticles.testsupport;

import java.util.ArrayList;
import java.util.List;

/** Reads values from a node's Prometheus endpoint, as a scraper would. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of every series of {@code name} (all label sets), or 0 when the node has none. */
    public static double value(Api api, String name) {
        return value(api, name, "");
    }

    /** The sum of the series of {@code name} whose labels contain {@code labels} (say {@code status="400"}). */
    public static double value(Api api, String name, String labels) {
        double sum = 0;
        for (String line : series(api, name)) {
            if (line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Every exported line of {@code name}, labels and value included; empty when the node has no such metric. */
    public static List<String> series(Api api, String name) {
        Api.Response scraped = api.get("/metrics");
        if (scraped.status() != 200) {
            throw new AssertionError("metrics answered " + scraped);
        }
        List<String> lines = new ArrayList<>();
        for (String line : scraped.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
