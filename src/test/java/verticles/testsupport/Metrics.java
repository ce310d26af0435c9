package verticles.testsupport;

/** Reads one value from a node's Prometheus endpoint, as a scraper would. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of every series of {@code name} (all label sets), or 0 when the node has none. */
    public static double value(Api api, String name) {
        Api.Response scraped = api.get("/metrics");
        if (scraped.status() != 200) {
            throw new AssertionError("metrics answered " + scraped);
        }
        double sum = 0;
        for (String line : scraped.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
