package verticles.api.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request body's JSON Schema (2020-12) compiled once into plain checks, so that the common
 * case, a valid body, is accepted without the library's generic evaluator. The library reads the
 * schema afresh on every call, compiles each {@code pattern} anew and walks {@code $ref} and
 * {@code unevaluatedProperties} through its annotations; in a node's profile that was most of the
 * contract check's cost on every location update.
 *
 * <p>{@link SchemaCheck} trusts a yes; on a no it asks the library, which names every fault. A
 * schema with any keyword not compiled here is not compiled at all ({@link #of} is empty), so a
 * keyword added to the contract later can never be skipped. The keywords that judge a value on
 * its own are {@link LeafChecks}; this class follows references and puts objects, arrays and
 * conditions together. {@code CompiledSchemaTest} checks that it and the library give the same
 * verdict on bodies generated from every compiled operation's schema.
 */
final class CompiledSchema {

    /** Keywords that only describe: they never change a verdict. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples", "default",
        "deprecated", "readOnly", "writeOnly", "$comment", "x-multiline");
    private static final Set<String> KNOWN = Set.of("type", "properties", "required", "additionalProperties",
        "unevaluatedProperties", "$ref", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
        "maxLength", "pattern", "format", "enum", "items", "minItems", "maxItems", "if", "then", "else", "oneOf");
    private static final int MAX_DEPTH = 16;

    /** A compiled (sub)schema and, for an {@code unevaluatedProperties} around it, the properties it evaluates. */
    private record Node(ValueCheck check, Set<String> evaluated) {
    }

    private final ValueCheck root;

    private CompiledSchema(ValueCheck root) {
        this.root = root;
    }

    /**
     * Compiles {@code schema}, whose references ({@code #/…}) point into {@code document}; empty
     * when it uses anything this class does not know.
     */
    static Optional<CompiledSchema> of(JsonObject schema, JsonObject document) {
        try {
            return Optional.of(new CompiledSchema(new Compiler(document).compile(schema, 0).check()));
        } catch (UnsupportedSchema e) {
            return Optional.empty();
        }
    }

    /** Whether the value (as {@link StrictJson} reads it) is valid; a no means "ask the library". */
    boolean accepts(Object value) {
        return root.accepts(value);
    }

    /** Follows references within one document while it compiles a schema. */
    private static final class Compiler {
        private final JsonObject document;

        Compiler(JsonObject document) {
            this.document = document;
        }

        Node compile(Object schemaValue, int depth) throws UnsupportedSchema {
            if (!(schemaValue instanceof JsonObject schema) || depth > MAX_DEPTH) {
                throw new UnsupportedSchema("a boolean schema, or one nested too deep");
            }
            for (String keyword : schema.fieldNames()) {
                if (!KNOWN.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                    throw new UnsupportedSchema(keyword);
                }
            }
            List<ValueCheck> checks = new ArrayList<>();
            Set<String> evaluated = new HashSet<>();
            if (schema.containsKey("$ref")) {
                Node referenced = compile(pointer(schema.getValue("$ref")), depth + 1);
                checks.add(referenced.check());
                evaluated.addAll(referenced.evaluated());
            }
            if (schema.containsKey("type")) {
                checks.add(LeafChecks.types(schema.getValue("type")));
            }
            if (schema.containsKey("enum")) {
                checks.add(LeafChecks.stringEnum(schema.getValue("enum")));
            }
            LeafChecks.numberBounds(schema, checks);
            LeafChecks.strings(schema, checks);
            LeafChecks.itemCount(schema, checks);
            if (schema.containsKey("items")) {
                checks.add(eachItem(compile(schema.getValue("items"), depth + 1).check()));
            }
            conditions(schema, checks, depth);
            ValueCheck object = objectCheck(schema, evaluated, depth);
            if (object != null) {
                checks.add(object);
            }
            return new Node(ValueCheck.all(checks), Set.copyOf(evaluated));
        }

        private JsonObject pointer(Object ref) throws UnsupportedSchema {
            String text = ref instanceof String s ? s : "";
            if (!text.startsWith("#/")) {
                throw new UnsupportedSchema("a reference outside the document: " + text);
            }
            Object at = document;
            for (String token : text.substring(2).split("/")) {
                at = at instanceof JsonObject o ? o.getValue(token.replace("~1", "/").replace("~0", "~")) : null;
            }
            if (!(at instanceof JsonObject target)) {
                throw new UnsupportedSchema("a reference to nothing: " + text);
            }
            return target;
        }

        private static ValueCheck eachItem(ValueCheck item) {
            return value -> {
                List<?> items = LeafChecks.items(value);
                if (items != null) {
                    for (Object each : items) {
                        if (!item.accepts(each)) {
                            return false;
                        }
                    }
                }
                return true;
            };
        }

        /**
         * {@code if}/{@code then}/{@code else} (without an {@code if} the other two are ignored, as
         * the specification says) and {@code oneOf}. Both rely on every check being exact, a no
         * included. Beside {@code unevaluatedProperties} they would add to what counts as evaluated,
         * so that pair is not compiled.
         */
        private void conditions(JsonObject schema, List<ValueCheck> checks, int depth) throws UnsupportedSchema {
            boolean conditional = schema.containsKey("if") || schema.containsKey("oneOf");
            if (conditional && schema.containsKey("unevaluatedProperties")) {
                throw new UnsupportedSchema("if or oneOf beside unevaluatedProperties");
            }
            if (schema.containsKey("if")) {
                ValueCheck condition = compile(schema.getValue("if"), depth + 1).check();
                ValueCheck then = schema.containsKey("then") ? compile(schema.getValue("then"), depth + 1).check() : v -> true;
                ValueCheck otherwise = schema.containsKey("else") ? compile(schema.getValue("else"), depth + 1).check()
                    : v -> true;
                checks.add(value -> condition.accepts(value) ? then.accepts(value) : otherwise.accepts(value));
            }
            if (schema.containsKey("oneOf")) {
                if (!(schema.getValue("oneOf") instanceof JsonArray options) || options.isEmpty()) {
                    throw new UnsupportedSchema("oneOf " + schema.getValue("oneOf"));
                }
                List<ValueCheck> each = new ArrayList<>();
                for (Object option : options) {
                    each.add(compile(option, depth + 1).check());
                }
                checks.add(value -> {
                    int passed = 0;
                    for (ValueCheck check : each) {
                        if (check.accepts(value) && ++passed > 1) {
                            return false;
                        }
                    }
                    return passed == 1;
                });
            }
        }

        /**
         * Required and declared properties, and what may appear besides them: with
         * {@code additionalProperties: false} only this schema's own, with
         * {@code unevaluatedProperties: false} also those of the schema it references. Adds the
         * declared ones to {@code evaluated}. Null when the schema says nothing of objects.
         */
        private ValueCheck objectCheck(JsonObject schema, Set<String> evaluated, int depth) throws UnsupportedSchema {
            Map<String, ValueCheck> properties = new HashMap<>();
            if (schema.containsKey("properties")) {
                if (!(schema.getValue("properties") instanceof JsonObject declared)) {
                    throw new UnsupportedSchema("properties " + schema.getValue("properties"));
                }
                for (String name : declared.fieldNames()) {
                    properties.put(name, compile(declared.getValue(name), depth + 1).check());
                }
            }
            if (schema.containsKey("required") && !(schema.getValue("required") instanceof JsonArray)) {
                throw new UnsupportedSchema("required " + schema.getValue("required"));
            }
            String[] required = schema.getJsonArray("required", new JsonArray()).stream().map(String::valueOf)
                .toArray(String[]::new);
            boolean noAdditional = closed(schema, "additionalProperties");
            boolean noUnevaluated = closed(schema, "unevaluatedProperties");
            evaluated.addAll(properties.keySet());
            if (properties.isEmpty() && required.length == 0 && !noAdditional && !noUnevaluated) {
                return null;
            }
            Set<String> mayAppear = noAdditional ? Set.copyOf(properties.keySet())
                : noUnevaluated ? Set.copyOf(evaluated) : null;
            return value -> {
                Map<String, Object> fields = LeafChecks.fields(value);
                if (fields == null) {
                    return true;
                }
                for (String name : required) {
                    if (!fields.containsKey(name)) {
                        return false;
                    }
                }
                for (Map.Entry<String, Object> field : fields.entrySet()) {
                    ValueCheck check = properties.get(field.getKey());
                    if (check != null ? !check.accepts(field.getValue())
                        : mayAppear != null && !mayAppear.contains(field.getKey())) {
                        return false;
                    }
                }
                return true;
            };
        }
    }

    /** Whether the keyword is {@code false} (nothing else may appear); absent is no; anything else is not compiled. */
    private static boolean closed(JsonObject schema, String keyword) throws UnsupportedSchema {
        if (!schema.containsKey(keyword)) {
            return false;
        }
        if (!Boolean.FALSE.equals(schema.getValue(keyword))) {
            throw new UnsupportedSchema(keyword + " " + schema.getValue(keyword));
        }
        return true;
    }
}
