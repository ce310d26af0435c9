package meridian.load;

/**
 * What every simulation is pointed at and how hard it pushes, from system properties, so the
 * same simulation runs against a laptop or a cluster: {@code -DbaseUrl=… -DapiKey=… -Drate=…
 * -Dduration=…}. Assertion thresholds are properties too, so a run fails when a target is missed.
 */
final class LoadSettings {

    private LoadSettings() {
    }

    static String baseUrl() {
        return System.getProperty("baseUrl", "http://localhost:8080");
    }

    static String apiKey() {
        return System.getProperty("apiKey", "demo-key");
    }

    /** New users (each one iteration of the scenario) per second. */
    static double rate() {
        return Double.parseDouble(System.getProperty("rate", "100"));
    }

    static int durationSeconds() {
        return Integer.parseInt(System.getProperty("duration", "30"));
    }

    static int rampSeconds() {
        return Integer.parseInt(System.getProperty("ramp", "5"));
    }

    /** Fail the run when the 99th percentile of any request exceeds this. */
    static int maxP99Millis() {
        return Integer.parseInt(System.getProperty("maxP99Ms", "50"));
    }

    /** Fail the run when more than this share of requests fail. */
    static double maxFailedPercent() {
        return Double.parseDouble(System.getProperty("maxFailedPercent", "0.1"));
    }
}
