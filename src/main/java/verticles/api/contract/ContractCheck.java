package verticles.api.contract;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import verticles.domain.Violation;
import verticles.platform.http.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks each request against its operation in the contract before any route sees it: the
 * media type (415), that the body is JSON at all (400), then the body and the query parameters
 * against their JSON Schemas with vertx-json-schema (400, naming every field at fault). A route
 * then reads the already decoded body with {@link #body}, so a request is parsed once.
 *
 * <p>Path parameters are left to the routes on purpose: a malformed id names nothing, so it
 * answers 404 exactly like an unknown or foreign one.
 */
public final class ContractCheck {

    private static final String BODY = "contract.body";
    private static final Pattern POSITION = Pattern.compile("\\[(\\d+)]");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,18}(\\.\\d{1,18})?([eE][-+]?\\d{1,3})?");

    private final Map<String, OperationCheck> checks = new TreeMap<>();

    public ContractCheck(ApiContract api) {
        SchemaRepository schemas = api.contract().getSchemaRepository();
        for (Operation operation : api.contract().operations()) {
            checks.put(operation.getOperationId(), new OperationCheck(operation, schemas, api.takesNdjson(operation.getOperationId())));
        }
    }

    /** Puts a check in front of every operation of the contract; mount it before the routes. */
    public void mount(Router router) {
        for (OperationCheck check : checks.values()) {
            router.route(check.operation.getHttpMethod(), routerPath(check.operation.getOpenAPIPath())).handler(check);
        }
    }

    /** The decoded JSON body (a JsonObject or JsonArray) that the check accepted, or null without one. */
    public static Object body(RoutingContext rc) {
        return rc.get(BODY);
    }

    /** What is wrong with {@code body} as the JSON body of an operation: exactly what a request would be told. */
    public List<Violation> bodyViolations(String operationId, Object body) {
        OutputUnit result = checks.get(operationId).bodies.get(MediaType.APPLICATION_JSON).validate(body);
        return result.getValid() ? List.of() : SchemaErrors.violations(result);
    }

    /** {@code /v1/orders/{id}} as the router writes it: {@code /v1/orders/:id}. */
    static String routerPath(String openApiPath) {
        return openApiPath.replaceAll("\\{([^}/]+)}", ":$1");
    }

    /** The check for one operation, its validators made once at start. */
    private static final class OperationCheck implements Handler<RoutingContext> {
        private final Operation operation;
        private final List<QueryCheck> query = new ArrayList<>();
        private final RequestBody requestBody;
        private final Map<String, SchemaCheck> bodies = new TreeMap<>();
        private final boolean ndjson;

        OperationCheck(Operation operation, SchemaRepository schemas, boolean ndjson) {
            this.operation = operation;
            this.ndjson = ndjson;
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getIn() == Location.QUERY) {
                    query.add(new QueryCheck(parameter, new SchemaCheck(schemas, parameter.getSchema())));
                }
            }
            requestBody = operation.getRequestBody();
            if (requestBody != null) {
                requestBody.getContent().forEach((type, media) -> bodies.put(type, new SchemaCheck(schemas, media.getSchema())));
            }
        }

        @Override
        public void handle(RoutingContext rc) {
            List<Violation> violations = new ArrayList<>();
            query.forEach(check -> check.validate(rc, violations));
            if (requestBody != null && !readBody(rc, requestBody, bodies, ndjson, violations)) {
                return;
            }
            if (!violations.isEmpty()) {
                Problem.invalid(rc, detail(body(rc), violations), violations);
                return;
            }
            rc.next();
        }

        /** A batch says which items were at fault, since one bad item refuses it whole. */
        private static String detail(Object body, List<Violation> violations) {
            if (body instanceof JsonArray) {
                Set<Integer> positions = new TreeSet<>();
                violations.forEach(v -> {
                    Matcher position = POSITION.matcher(v.field());
                    if (position.lookingAt()) {
                        positions.add(Integer.parseInt(position.group(1)));
                    }
                });
                return "the batch was refused whole; invalid items at positions " + positions
                    + "; nothing from it was recorded";
            }
            return "the request does not match the API contract (see /openapi.yaml)";
        }
    }

    /** Decodes and validates the body, putting it on the context; false once a problem was answered. */
    private static boolean readBody(RoutingContext rc, RequestBody requestBody, Map<String, SchemaCheck> bodies,
                             boolean ndjson, List<Violation> violations) {
        Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        boolean empty = buffer == null || buffer.length() == 0;
        String contentType = mediaType(rc.request().getHeader("Content-Type"));
        boolean isNdjson = ndjson && ApiContract.NDJSON.equals(contentType);
        if (empty && !requestBody.isRequired()) {
            return true;
        }
        if (!isNdjson && !bodies.containsKey(contentType)) {
            String accepted = String.join(" or ", bodies.keySet()) + (ndjson ? " or " + ApiContract.NDJSON : "");
            Problem.send(rc, 415, "Unsupported Media Type", "send the body as " + accepted);
            return false;
        }
        if (empty) {
            Problem.send(rc, 400, "Bad Request", "a " + contentType + " body is required");
            return false;
        }
        Object value = isNdjson ? ndjsonLines(buffer, violations) : json(rc, buffer);
        if (value == null) {
            return false;
        }
        if (!violations.isEmpty()) {
            Problem.invalid(rc, "the body has unreadable lines; nothing from it was recorded", violations);
            return false;
        }
        OutputUnit result = bodies.get(isNdjson ? MediaType.APPLICATION_JSON : contentType).validate(value);
        if (!result.getValid()) {
            violations.addAll(SchemaErrors.violations(result));
        }
        rc.put(BODY, value);
        return true;
    }

    private static Object json(RoutingContext rc, Buffer buffer) {
        try {
            Object value = buffer.toJsonValue();
            if (value == null) {
                Problem.send(rc, 400, "Bad Request", "the body is JSON null; send an object or an array");
            }
            return value;
        } catch (DecodeException e) {
            Problem.send(rc, 400, "Bad Request", "the body is not valid JSON");
            return null;
        }
    }

    /** One JSON value per non-blank line, as the array the JSON schema describes. */
    private static JsonArray ndjsonLines(Buffer buffer, List<Violation> unreadable) {
        JsonArray items = new JsonArray();
        for (String line : buffer.toString().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                items.add(Json.decodeValue(line));
            } catch (DecodeException e) {
                unreadable.add(new Violation("[" + items.size() + "]", "is not valid JSON"));
                items.addNull();
            }
        }
        return items;
    }

    /** {@code Application/JSON; charset=utf-8} → {@code application/json}; "" when absent. */
    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** One query parameter: read as the number its schema asks for when it looks like one, then validated. */
    private record QueryCheck(Parameter parameter, SchemaCheck validator) {

        void validate(RoutingContext rc, List<Violation> violations) {
            String raw = rc.queryParams().get(parameter.getName());
            if (raw == null) {
                if (parameter.isRequired()) {
                    violations.add(new Violation(parameter.getName(), "is required"));
                }
                return;
            }
            OutputUnit result = validator.validate(typed(raw));
            if (!result.getValid()) {
                SchemaErrors.violations(result).forEach(v ->
                    violations.add(new Violation(parameter.getName() + v.field(), v.message())));
            }
        }

        private Object typed(String raw) {
            Object type = parameter.getSchema().get("type");
            if ("integer".equals(type) && WHOLE_NUMBER.matcher(raw).matches()) {
                return Long.parseLong(raw);
            }
            if ("number".equals(type) && DECIMAL.matcher(raw).matches()) {
                return Double.parseDouble(raw);
            }
            return raw;
        }
    }
}
