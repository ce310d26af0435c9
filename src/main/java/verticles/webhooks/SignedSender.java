package verticles.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import verticles.domain.webhook.Signature;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;

/** Sends one delivery: a POST signed the Standard Webhooks way, to an address already checked. */
final class SignedSender {

    private final HttpClient http;
    private final long timeoutMs;

    SignedSender(Vertx vertx, long timeoutMs) {
        this.timeoutMs = timeoutMs;
        this.http = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) timeoutMs)
            .setIdleTimeout(60)
            .setKeepAlive(true));
    }

    /**
     * POSTs {@code body} to {@code address} (the Host header and TLS name stay the URL's), reading
     * at most a few KiB of the answer ({@link ReceiverAnswer}); succeeds with the status when it is 2xx.
     */
    Future<Integer> send(URI url, InetAddress address, String eventId, String secret, String body) {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        long timestamp = Instant.now().getEpochSecond();
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
            .setHost(url.getHost())
            .setPort(port)
            .setSsl(tls)
            .setURI(path)
            .setTimeout(timeoutMs)
            .putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", "Meridian-Webhooks/1")
            .putHeader("webhook-id", eventId)
            .putHeader("webhook-timestamp", String.valueOf(timestamp))
            .putHeader("webhook-signature", Signature.sign(secret, eventId, timestamp, body));
        return http.request(request)
            .compose(req -> req.send(body))
            .compose(ReceiverAnswer::status)
            .compose(status -> status >= 200 && status < 300 ? Future.succeededFuture(status)
                : Future.failedFuture("the receiver answered " + status));
    }

    Future<Void> close() {
        return http.close();
    }
}
