package verticles.api.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OperationPaths} against what it replaces: a Vert.x router with a route per operation,
 * each written as the router writes a path ({@code /v1/orders/:id}). Both answer the same
 * generated requests over HTTP (paths near every operation's: parameters with escapes, dots and
 * odd characters, slashes doubled or trailing, literals a letter off or escaped, segments missing
 * or extra, under every method), and must name the same operation with the same parameters, or
 * both 405 or both 404, every time. A failure names its seed; {@code -Dcontract.seed} repeats it.
 */
@DisplayName("Finding a request's operation by the contract's paths")
class OperationPathsTest {

    private static final int REQUESTS = 3_000;
    private static final long SEED = Long.getLong("contract.seed", System.nanoTime());
    private static final String FOUND = "X-Found";
    private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
        HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.HEAD);
    private static final List<String> ODD_TEXT = List.of("%41", "%2F", "%2f", "%20", "+", "%", "%zz", "%C3%A9", "%E2%82",
        ".", "..", "~", ";x", ":", "@", "!", "*", "'", "%2E%2E", "a.b", "%00", "%25");

    private static Vertx vertx;
    private static HttpClient client;
    private static List<Operation> operations;
    private static int routerPort;
    private static int pathsPort;

    @BeforeAll
    static void serveBoth() throws Exception {
        vertx = Vertx.vertx();
        operations = List.copyOf(LoadedContract.shared().api.contract().operations());
        Router routes = Router.router(vertx);
        for (Operation operation : operations) {
            routes.route(operation.getHttpMethod(), operation.getOpenAPIPath().replaceAll("\\{([^}/]+)}", ":$1"))
                .handler(rc -> answer(rc, operation.getOperationId() + " " + new TreeMap<>(rc.pathParams())));
        }
        routes.errorHandler(404, rc -> answer(rc, "404"));
        routes.errorHandler(405, rc -> answer(rc, "405"));
        routerPort = listen(routes);

        OperationPaths paths = new OperationPaths(operations);
        Router one = Router.router(vertx);
        one.route().handler(rc -> {
            OperationPaths.Found found = paths.find(rc);
            if (found instanceof OperationPaths.Match match) {
                answer(rc, match.operationId() + " " + new TreeMap<>(match.parameters()));
            } else if (found instanceof OperationPaths.Unreadable) {
                rc.fail(400);
            } else {
                answer(rc, found instanceof OperationPaths.WrongMethod ? "405" : "404");
            }
        });
        pathsPort = listen(one);
        client = vertx.createHttpClient();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    @DisplayName("names what a route per operation names, for requests near every operation's path")
    void agreesWithTheRouter() throws Exception {
        Random random = new Random(SEED);
        List<String> disagreements = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Operation operation = operations.get(random.nextInt(operations.size()));
            HttpMethod method = random.nextInt(3) == 0 ? METHODS.get(random.nextInt(METHODS.size()))
                : operation.getHttpMethod();
            String path = near(operation.getOpenAPIPath(), random);
            String byRouter = ask(routerPort, method, path);
            String byPaths = ask(pathsPort, method, path);
            outcomes.merge(byRouter.startsWith("4") ? byRouter : "found", 1, Integer::sum);
            if (!byRouter.equals(byPaths)) {
                disagreements.add(method + " " + path + ": the router says " + byRouter + ", the paths " + byPaths);
            }
        }
        assertEquals(List.of(), disagreements.stream().limit(5).toList(),
            disagreements.size() + " of " + REQUESTS + " differ (seed " + SEED + ")");
        // Each outcome must be drawn often, or agreeing proves little.
        for (String outcome : List.of("found", "404", "405")) {
            assertTrue(outcomes.getOrDefault(outcome, 0) >= REQUESTS / 20,
                "outcomes " + outcomes + ": too few " + outcome + " (seed " + SEED + ")");
        }
    }

    /** The operation's path with its parameters filled in, perhaps bent out of shape. */
    private static String near(String template, Random random) {
        List<String> segments = new ArrayList<>(List.of(template.substring(1).split("/", -1)));
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{")) {
                segments.set(i, value(random));
            } else if (random.nextInt(25) == 0) {
                segments.set(i, bend(segment, random));
            }
        }
        switch (random.nextInt(12)) {
            case 0 -> segments.add(value(random));
            case 1 -> segments.remove(segments.size() - 1);
            case 2 -> segments.add("");
            case 3 -> segments.add(random.nextInt(segments.size() + 1), random.nextBoolean() ? "." : "..");
            case 4 -> segments.add(random.nextInt(segments.size() + 1), "");
            default -> { }
        }
        return "/" + String.join("/", segments) + (random.nextInt(8) == 0 ? "/" : "");
    }

    private static String value(Random random) {
        StringBuilder value = new StringBuilder();
        int parts = random.nextInt(4);
        for (int i = 0; i < parts || value.length() == 0 && random.nextInt(10) != 0; i++) {
            value.append(random.nextInt(3) == 0 ? ODD_TEXT.get(random.nextInt(ODD_TEXT.size()))
                : "shp_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36).substring(0, 1 + random.nextInt(8)));
        }
        return value.toString();
    }

    /** A literal segment a letter off, in another case, or with a letter percent-escaped. */
    private static String bend(String segment, Random random) {
        if (segment.isEmpty()) {
            return "x";
        }
        int at = random.nextInt(segment.length());
        return switch (random.nextInt(3)) {
            case 0 -> segment.substring(0, at) + (char) (segment.charAt(at) + 1) + segment.substring(at + 1);
            case 1 -> segment.toUpperCase();
            default -> segment.substring(0, at) + String.format("%%%02X", (int) segment.charAt(at)) + segment.substring(at + 1);
        };
    }

    private static void answer(RoutingContext rc, String found) {
        // Encoded: a decoded parameter may hold characters no header value may.
        rc.response().putHeader(FOUND, URLEncoder.encode(found, StandardCharsets.UTF_8)).end();
    }

    private static String ask(int port, HttpMethod method, String path) throws Exception {
        Future<String> answer = client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
                .setURI(path))
            .compose(request -> request.send().map(response -> response.getHeader(FOUND) != null
                ? URLDecoder.decode(response.getHeader(FOUND), StandardCharsets.UTF_8)
                : response.statusCode() + " without an answer"));
        return answer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static int listen(Router router) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
            .actualPort();
    }
}
