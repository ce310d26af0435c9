package verticles.api.contract;

import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

import java.util.Optional;

/**
 * One schema, checked at the least cost that still names every fault: by its {@link
 * CompiledSchema} when it has one (a valid body, the common case, ends there), else, and for
 * every refused body, by the library's basic output, which lists each fault for the answer.
 *
 * <p>The library's flag output (a bare yes or no) is not used: it evaluates neither a
 * {@code $ref} beside {@code unevaluatedProperties} nor the annotations that keyword needs, so
 * it accepted an empty location update and refused every valid one.
 */
final class SchemaCheck {

    private static final OutputUnit VALID = new OutputUnit(true);

    private final CompiledSchema compiled;
    private final Validator library;

    SchemaCheck(SchemaRepository schemas, JsonSchema schema, Optional<CompiledSchema> compiled) {
        this.compiled = compiled.orElse(null);
        this.library = schemas.validator(schema);
    }

    OutputUnit validate(Object value) {
        if (compiled != null && compiled.accepts(value)) {
            return VALID;
        }
        return library.validate(value);
    }

    /** The library's own verdict, which the compiled one must agree with. */
    boolean libraryAccepts(Object value) {
        return library.validate(value).getValid();
    }

    /** The compiled check, when the schema has one. */
    Optional<CompiledSchema> compiled() {
        return Optional.ofNullable(compiled);
    }
}
