package verticles.api.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
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
import verticles.platform.http.RequestBodies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks each request against its operation in the contract before what serves it sees it: the
 * media type and charset (415), that the body is strict JSON at all ({@link StrictJson}, 400),
 * then the body and the query and header parameters against their JSON Schemas with
 * vertx-json-schema, and every string in them against the {@link StoredText} rule (400, naming
 * every field at fault). A route then reads the already decoded body with {@link #body}, so a
 * request is parsed once, and no handler ever sees a value of a type the contract does not allow.
 *
 * <p>Path parameters are left to the routes on purpose: a malformed id names nothing, so it
 * answers 404 exactly like an unknown or foreign one. One holding text that could never be
 * stored is answered 404 here, before any route looks it up.
 */
public final class ContractCheck {

    private static final Pattern POSITION = Pattern.compile("\\[(\\d+)]");

    private final Map<String, OperationCheck> checks = new TreeMap<>();

    public ContractCheck(ApiContract api) {
        SchemaRepository schemas = api.contract().getSchemaRepository();
        Set<String> multiline = api.multilineFields();
        for (Operation operation : api.contract().operations()) {
            checks.put(operation.getOperationId(), new OperationCheck(operation, schemas, api,
                api.takesNdjson(operation.getOperationId()), multiline));
        }
    }

    /**
     * Whether the request passes the check of its operation, its path parameters already on the
     * context; when it does not, the problem has been answered.
     */
    boolean passes(String operationId, RoutingContext rc) {
        return checks.get(operationId).passes(rc);
    }

    /** The decoded JSON body (a JsonObject or JsonArray) that the check accepted, or null without one. */
    public static Object body(RoutingContext rc) {
        return RequestBodies.held(rc);
    }

    /** What is wrong with {@code body} as the JSON body of an operation: exactly what a request would be told. */
    public List<Violation> bodyViolations(String operationId, Object body) {
        OperationCheck check = checks.get(operationId);
        OutputUnit result = check.bodies.get(MediaType.APPLICATION_JSON).validate(body);
        List<Violation> violations = new ArrayList<>(result.getValid() ? List.of() : SchemaErrors.violations(result));
        StoredText.check(body, "", check.multiline, violations);
        return violations;
    }

    /** The check of an operation's body of this media type, or null when it takes none. */
    SchemaCheck bodyCheck(String operationId, String mediaType) {
        return checks.get(operationId).bodies.get(mediaType);
    }

    /** The check for one operation, its validators made once at start. */
    private static final class OperationCheck {
        private final List<ParameterCheck> parameters = new ArrayList<>();
        private final List<String> pathParameters = new ArrayList<>();
        private final RequestBody requestBody;
        private final Map<String, SchemaCheck> bodies = new TreeMap<>();
        private final boolean ndjson;
        private final Set<String> multiline;

        OperationCheck(Operation operation, SchemaRepository schemas, ApiContract api, boolean ndjson,
                       Set<String> multiline) {
            this.ndjson = ndjson;
            this.multiline = multiline;
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getIn() == Location.QUERY || parameter.getIn() == Location.HEADER) {
                    parameters.add(new ParameterCheck(parameter,
                        new SchemaCheck(schemas, parameter.getSchema(), Optional.empty())));
                } else if (parameter.getIn() == Location.PATH) {
                    pathParameters.add(parameter.getName());
                }
            }
            requestBody = operation.getRequestBody();
            if (requestBody != null) {
                requestBody.getContent().forEach((type, media) -> bodies.put(type, new SchemaCheck(schemas,
                    media.getSchema(), api.compiledBody(operation.getOperationId(), type))));
            }
        }

        boolean passes(RoutingContext rc) {
            for (String name : pathParameters) {
                String value = rc.pathParam(name);
                if (value != null && StoredText.fault(value, false) != null) {
                    Problem.send(rc, 404, "Not Found", "no such resource: the " + name + " holds characters no id has");
                    return false;
                }
            }
            List<Violation> violations = new ArrayList<>();
            parameters.forEach(check -> check.validate(rc, violations));
            if (requestBody != null && !readBody(rc, requestBody, bodies, ndjson, multiline, violations)) {
                return false;
            }
            if (!violations.isEmpty()) {
                Problem.invalid(rc, detail(body(rc), violations), violations);
                return false;
            }
            return true;
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
                             boolean ndjson, Set<String> multiline, List<Violation> violations) {
        Buffer buffer = rc.body() == null ? null : rc.body().buffer();
        boolean empty = buffer == null || buffer.length() == 0;
        String header = rc.request().getHeader("Content-Type");
        String contentType = ContentType.mediaType(header);
        boolean isNdjson = ndjson && ApiContract.NDJSON.equals(contentType);
        // An optional body may be left out, Content-Type and all; one that is sent (a form upload leaves
        // no body behind, so the type decides) must be of a type the operation takes.
        if (empty && !requestBody.isRequired() && contentType.isEmpty()) {
            return true;
        }
        if (!isNdjson && !bodies.containsKey(contentType)) {
            String accepted = String.join(" or ", bodies.keySet()) + (ndjson ? " or " + ApiContract.NDJSON : "");
            Problem.send(rc, 415, "Unsupported Media Type", "send the body as " + accepted);
            return false;
        }
        String charset = ContentType.charset(header);
        if (charset != null && !"utf-8".equals(charset) && !"utf8".equals(charset)) {
            Problem.send(rc, 415, "Unsupported Media Type", "send the body as UTF-8, not " + charset);
            return false;
        }
        if (empty && !requestBody.isRequired()) {
            return true;
        }
        if (empty) {
            Problem.send(rc, 400, "Bad Request", "a " + contentType + " body is required");
            return false;
        }
        Object value;
        try {
            String text = StrictJson.utf8(buffer);
            value = isNdjson ? ndjsonLines(text, violations) : StrictJson.value(text);
        } catch (DecodeException e) {
            Problem.send(rc, 400, "Bad Request", e.getMessage());
            return false;
        }
        if (value == null) {
            Problem.send(rc, 400, "Bad Request", "the body is JSON null; send an object or an array");
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
        StoredText.check(value, "", multiline, violations);
        RequestBodies.holdChecked(rc, value);
        return true;
    }

    /** One JSON value per non-blank line, as the array the JSON schema describes. */
    private static JsonArray ndjsonLines(String text, List<Violation> unreadable) {
        JsonArray items = new JsonArray();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                items.add(StrictJson.value(line));
            } catch (DecodeException e) {
                unreadable.add(new Violation("[" + items.size() + "]", "is not a JSON line: " + e.getMessage()
                    .replace("the body", "the line")));
                items.addNull();
            }
        }
        return items;
    }
}
