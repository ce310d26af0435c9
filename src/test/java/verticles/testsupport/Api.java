package verticles.testsupport;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A client for Meridian's HTTP API as a merchant's back end would call it, over real HTTP. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final HttpClient HTTP_1 = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1).build();

    private final String baseUrl;
    private final String apiKey;
    private final boolean keyAsHeader;
    private final Map<String, String> extraHeaders;
    private final HttpClient client;

    public Api(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, false, Map.of(), HTTP);
    }

    private Api(String baseUrl, String apiKey, boolean keyAsHeader, Map<String, String> extraHeaders,
                HttpClient client) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.keyAsHeader = keyAsHeader;
        this.extraHeaders = extraHeaders;
        this.client = client;
    }

    /**
     * The same caller over plain HTTP/1.1, without the h2c upgrade Java's client tries by
     * default: an answer sent before a large body is read (413) arrives as an answer, not as a
     * GOAWAY.
     */
    public Api overHttp1() {
        return new Api(baseUrl, apiKey, keyAsHeader, extraHeaders, HTTP_1);
    }

    /** The same caller, sending its key as {@code X-API-Key} instead of a bearer token. */
    public Api keyInXApiKeyHeader() {
        return new Api(baseUrl, apiKey, true, extraHeaders, client);
    }

    /** The same caller, sending one more header with every request. */
    public Api withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new Api(baseUrl, apiKey, keyAsHeader, headers, client);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method, content type and body, for the requests a well-behaved client would not send. */
    public Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = request(path).method(method,
            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /** Raw bytes as the body (invalid UTF-8, say), with any content type. */
    public Response sendBytes(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    public Response createOrder() {
        return createOrder("BOOK-1", 1);
    }

    /** An order for {@code quantity} units of one SKU. */
    public Response createOrder(String sku, int quantity) {
        return post("/v1/orders", "{\"customer\": {\"name\": \"Ada\"}, \"items\": [{\"sku\": \"" + sku
            + "\", \"quantity\": " + quantity + "}], \"destination\": {\"lat\": 52.52, \"lon\": 13.405}}");
    }

    /** Creates a standalone shipment and returns its id. */
    public String createShipment() {
        Response created = post("/v1/shipments",
            "{\"reference\": \"parcel-1\", \"destination\": {\"lat\": 48.85, \"lon\": 2.35}}");
        if (created.status() != 201) {
            throw new AssertionError("could not create a shipment: " + created);
        }
        return created.json().getString("id");
    }

    /**
     * A shipment with no destination: it has no ETA, so its streams carry only the fixes and
     * scans sent to it (no revision of an ETA), for tests of the streams themselves.
     */
    public String createShipmentGoingNowhere() {
        Response created = post("/v1/shipments", "{\"reference\": \"parcel-without-destination\"}");
        if (created.status() != 201) {
            throw new AssertionError("could not create a shipment: " + created);
        }
        return created.json().getString("id");
    }

    /**
     * Creates a shipment, sends it one fix recorded {@code at} and waits (up to 30 s) until
     * reading the shipment shows that fix; returns its id.
     */
    public String createShipmentPositionedAt(double lat, double lon, java.time.Instant at) {
        String shipmentId = createShipment();
        Response accepted = postFix(shipmentId, lat, lon, at);
        if (accepted.status() != 202) {
            throw new AssertionError("the fix was not accepted: " + accepted);
        }
        Eventually.await(java.time.Duration.ofSeconds(30), () -> get("/v1/shipments/" + shipmentId).json().getJsonObject("position"),
            p -> p != null && at.toString().equals(p.getString("recordedAt")));
        return shipmentId;
    }

    /** One location update for a shipment ({@code POST /v1/shipments/{id}/locations}), as a courier sends it. */
    public Response postFix(String shipmentId, double lat, double lon, java.time.Instant at) {
        return post("/v1/shipments/" + shipmentId + "/locations", fix(lat, lon, at));
    }

    /**
     * Posts one fix under a fresh, sampled W3C trace, checks that it was accepted (202) with the
     * trace id echoed as {@code X-Request-Id}, and answers the trace id.
     */
    public String postFixUnderFreshTrace(String shipmentId) {
        String traceId = verticles.platform.trace.CorrelationId.fresh();
        Response accepted = withTraceparent(traceId).postFix(shipmentId, 52.5, 13.4, java.time.Instant.now());
        if (accepted.status() != 202 || !traceId.equals(accepted.header("X-Request-Id"))) {
            throw new AssertionError("a traced fix was not accepted with its trace id echoed: " + accepted);
        }
        return traceId;
    }

    /** The same caller, sending a sampled W3C {@code traceparent} with this trace id. */
    public Api withTraceparent(String traceId) {
        return withHeader("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    }

    /** A location update's body, for {@code POST /v1/shipments/{id}/locations}. */
    public static String fix(double lat, double lon, java.time.Instant at) {
        return "{\"lat\": " + lat + ", \"lon\": " + lon + ", \"recordedAt\": \"" + at + "\", \"speed\": 9.5}";
    }

    /** A batch item, for {@code POST /v1/locations}. */
    public static String batchItem(String shipmentId, double lat, double lon, java.time.Instant at) {
        return "{\"shipmentId\": \"" + shipmentId + "\", \"lat\": " + lat + ", \"lon\": " + lon
            + ", \"recordedAt\": \"" + at + "\"}";
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15));
        if (apiKey != null) {
            b.header(keyAsHeader ? "X-API-Key" : "Authorization", keyAsHeader ? apiKey : "Bearer " + apiKey);
        }
        extraHeaders.forEach(b::header);
        return b;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            // Bounded here as well as by the request's timeout, which Java's client does not always
            // honour on a pooled connection: a hung request fails its test instead of the build.
            HttpResponse<String> r = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.headers().firstValue("Location").orElse(null), r.body(), r.headers());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String contentType, String location, String body, HttpHeaders headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        /** A response header's first value, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json") && json().getInteger("status") == status;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
