package verticles.api.contract;

import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

/**
 * One schema, checked by the library's basic output, which lists each fault for the answer.
 *
 * <p>The library's flag output (a bare yes or no) is not used: it evaluates neither a
 * {@code $ref} beside {@code unevaluatedProperties} nor the annotations that keyword needs, so
 * it accepted an empty location update and refused every valid one (which the basic output
 * then had to accept, at twice the cost).
 */
final class SchemaCheck {

    private final Validator library;

    SchemaCheck(SchemaRepository schemas, JsonSchema schema) {
        this.library = schemas.validator(schema);
    }

    OutputUnit validate(Object value) {
        return library.validate(value);
    }
}
