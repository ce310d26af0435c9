package meridian.load;

/**
 * What every simulation is pointed at and how hard it pushes, from system properties, so the
 * same simulation runs against a laptop or a cluster: {@code -DbaseUrl=… -DapiKey=… -Drate=…
 * -Dduration=…}. Assertion thresholds are properties too, so a run fails when a target is missed.
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
