package verticles.simulator;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meridian's public API as a well-behaved client uses it: JSON in and out, the API key on every
 * call, and after {@code 429} or {@code 503} a wait of what {@code Retry-After} says (after no
 * answer at all, a second) before trying again, a few times; any other refusal fails the call
 * with the status and the problem's text.
 */
final class ApiClient {

    private static final int MAX_ATTEMPTS = 8;

    private final Vertx vertx;
    private final WebClient http;
    private final String baseUrl;
    private final String authorization;
    private volatile boolean closed;
    final AtomicLong retries = new AtomicLong();

    ApiClient(Vertx vertx, String baseUrl, String apiKey, int connections) {
        this.vertx = vertx;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.authorization = "Bearer " + apiKey;
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30)
            .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The answer's JSON body ({@code {}} when it has none), or a failure naming the call and its answer. */
    Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
        return attempt(method, path, body, 1);
    }

    /** Stops retrying and closes the connections; calls in flight fail. */
    void close() {
        closed = true;
        http.close();
    }

    private Future<JsonObject> attempt(HttpMethod method, String path, JsonObject body, int attempt) {
        var request = http.requestAbs(method, baseUrl + path).putHeader("Authorization", authorization).timeout(15_000);
        Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
        return sent.transform(done -> {
            if (done.succeeded() && done.result().statusCode() < 300) {
                Buffer answer = done.result().body();
                return Future.succeededFuture(answer == null || answer.length() == 0 ? new JsonObject()
                    : answer.toJsonObject());
            }
            if (closed || attempt >= MAX_ATTEMPTS) {
                return Future.failedFuture(method + " " + path + " failed: " + describe(done));
            }
            if (done.failed()) {
                return pause(Duration.ofSeconds(1)).compose(v -> attempt(method, path, body, attempt + 1));
            }
            int status = done.result().statusCode();
            if (status == 429 || status == 503) {
                retries.incrementAndGet();
                return pause(retryAfter(done.result().getHeader("Retry-After")))
                    .compose(v -> attempt(method, path, body, attempt + 1));
            }
            return Future.failedFuture(method + " " + path + " answered " + describe(done));
        });
    }

    /** {@code Retry-After} in seconds (at least one); a date or garbage counts as one second. */
    static Duration retryAfter(String header) {
        try {
            return Duration.ofSeconds(header == null ? 1 : Math.max(1, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            return Duration.ofSeconds(1);
        }
    }

    Future<Void> pause(Duration duration) {
        Promise<Void> promise = Promise.promise();
        vertx.setTimer(Math.max(1, duration.toMillis()), t -> promise.complete());
        return promise.future();
    }

    private static String describe(AsyncResult<HttpResponse<Buffer>> done) {
        return done.failed() ? done.cause().toString()
            : done.result().statusCode() + " " + (done.result().body() == null ? "" : done.result().bodyAsString());
    }
}
