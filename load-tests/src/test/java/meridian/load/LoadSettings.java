package meridian.load;

/**
 * What every simulation is pointed at and how hard it pushes, from system properties, so the
 * same simulation runs against a laptop or a cluster: {@code -DbaseUrl=… -DapiKey=… -Drate=…
 * -Dduration=…}. Assertion thresholds are properties too, so a run fails when a target is missed.
 *
 * <p>{@code -Dprofile=smoke} changes the defaults to a few seconds at low rates with loose
 * latency limits (but no failures allowed): CI runs every simulation that way, to prove each
 * still works end to end. The full profile is for measuring; see BENCHMARKS.md.
 */
final class LoadSettings {

    /** HTTP to {@code baseUrl} with the API key, JSON both ways, connections shared by all users. */
    static io.gatling.javaapi.http.HttpProtocolBuilder protocol() {
        return io.gatling.javaapi.http.HttpDsl.http
            .baseUrl(baseUrl())
            .header("Authorization", "Bearer " + apiKey())
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();
    }

    /** The open-model load every simulation applies: a ramp to {@code rate}, then {@code rate} for {@code duration}. */
    static io.gatling.javaapi.core.PopulationBuilder openLoad(io.gatling.javaapi.core.ScenarioBuilder scenario) {
        return scenario.injectOpen(
            io.gatling.javaapi.core.CoreDsl.rampUsersPerSec(1).to(rate()).during(rampSeconds()),
            io.gatling.javaapi.core.CoreDsl.constantUsersPerSec(rate()).during(durationSeconds()));
    }

    /** The run fails when more than {@code maxFailedPercent} fail or the p99 passes {@code maxP99Ms}. */
    static io.gatling.javaapi.core.Assertion[] assertions() {
        return new io.gatling.javaapi.core.Assertion[] {
            io.gatling.javaapi.core.CoreDsl.global().failedRequests().percent().lte(maxFailedPercent()),
            io.gatling.javaapi.core.CoreDsl.global().responseTime().percentile(99.0).lte(maxP99Millis())};
    }

    private LoadSettings() {
    }

    static boolean smoke() {
        return "smoke".equals(System.getProperty("profile", "full"));
    }

    /** A property, else its default for the profile in use. */
    static String setting(String name, String full, String smoke) {
        return System.getProperty(name, smoke() ? smoke : full);
    }

    static int intSetting(String name, int full, int smoke) {
        return Integer.parseInt(setting(name, String.valueOf(full), String.valueOf(smoke)));
    }

    static String baseUrl() {
        return System.getProperty("baseUrl", "http://localhost:8080");
    }

    static String apiKey() {
        return System.getProperty("apiKey", "demo-key");
    }

    /** New users (each one iteration of the scenario) per second. */
    static double rate() {
        return Double.parseDouble(setting("rate", "100", "5"));
    }

    static int durationSeconds() {
        return intSetting("duration", 30, 5);
    }

    static int rampSeconds() {
        return intSetting("ramp", 5, 1);
    }

    /** Fail the run when the 99th percentile of any request exceeds this. */
    static int maxP99Millis() {
        return intSetting("maxP99Ms", 50, 5_000);
    }

    /** Fail the run when more than this share of requests fail. */
    static double maxFailedPercent() {
        return Double.parseDouble(System.getProperty("maxFailedPercent", "0.1"));
    }
}
