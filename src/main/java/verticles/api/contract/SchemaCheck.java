package verticles.api.contract;

import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;

/**
 * One schema, validated twice over only when it fails: first with the library's flag output
 * (a yes or no that stops at the first fault, the common case on the ingest path), then, for a
 * refused request, with the basic output that lists every fault for the answer.
 */
final class SchemaCheck {

    private static final OutputUnit VALID = new OutputUnit(true);

    private final Validator yesOrNo;
    private final Validator everyFault;

    SchemaCheck(SchemaRepository schemas, JsonSchema schema) {
        this.yesOrNo = schemas.validator(schema,
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setOutputFormat(OutputFormat.Flag));
        this.everyFault = schemas.validator(schema);
    }

    OutputUnit validate(Object value) {
        return yesOrNo.validate(value).getValid() ? VALID : everyFault.validate(value);
    }
}
