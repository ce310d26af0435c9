package verticles.testsupport;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events client as a browser's EventSource reads a stream: it parses frames on a
 * thread of its own and queues them, so a test can wait for the next event with a deadline.
 */
public final class SseClient implements AutoCloseable {

    // HTTP/1.1, as a browser's EventSource speaks to a plain-http server: one connection per stream.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    /** One dispatched event: its {@code id:} (null if none), {@code event:} and {@code data:}. */
    public record Event(String id, String type, String data) {
        public JsonObject json() {
            return new JsonObject(data);
        }
    }

    private final HttpResponse<InputStream> response;
    private final String errorBody;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile boolean ended;
    private volatile String retry;

    private SseClient(HttpResponse<InputStream> response) throws IOException {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            ended = true;
            return;
        }
        errorBody = null;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url} with the given headers (an API key, a Last-Event-ID); returns once the status is known. */
    public static SseClient open(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
            .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("could not open " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code path} on {@code baseUrl} with a bearer key, and a Last-Event-ID when not null. */
    public static SseClient open(String baseUrl, String path, String apiKey, String lastEventId) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (apiKey != null) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return open(baseUrl + path, headers);
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a refused stream (a problem+json), or null for an open one. */
    public String errorBody() {
        return errorBody;
    }

    /** The next event, failing the test if none comes within the deadline. */
    public Event next(Duration deadline) {
        if (errorBody != null) {
            throw new AssertionError("no event: the stream was refused with " + response.statusCode() + ": " + errorBody);
        }
        try {
            Event event = events.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + deadline + (ended ? " (the stream ended)" : ""));
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event of this type, skipping others; fails if none comes within the deadline. */
    public Event next(String type, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (type.equals(event.type())) {
                return event;
            }
        }
    }

    /** The next event if one comes within the wait, else null. */
    public Event poll(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every event that arrives until none has for {@code quiet}. */
    public List<Event> until(Duration quiet) throws InterruptedException {
        List<Event> all = new ArrayList<>();
        Event e;
        while ((e = poll(quiet)) != null) {
            all.add(e);
        }
        return all;
    }

    /** Comment lines seen so far (heartbeats). */
    public int comments() {
        return comments.get();
    }

    public String retry() {
        return retry;
    }

    public boolean ended() {
        return ended;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, type == null ? "message" : type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("retry:")) {
                    retry = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // closed by the test or by the server: the stream has ended either way
        } finally {
            ended = true;
        }
    }

    /** Disconnects, as a closed browser tab does. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
    }
}
