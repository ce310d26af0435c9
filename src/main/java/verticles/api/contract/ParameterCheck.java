package verticles.api.contract;

import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import verticles.domain.Violation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One query or header parameter: its text checked by the stored-text rule, then read as the
 * number its schema asks for when it looks like one, and validated.
 */
record ParameterCheck(Parameter parameter, SchemaCheck validator) {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,18}(\\.\\d{1,18})?([eE][-+]?\\d{1,3})?");

    void validate(RoutingContext rc, List<Violation> violations) {
        String raw = parameter.getIn() == Location.HEADER ? rc.request().getHeader(parameter.getName())
            : rc.queryParams().get(parameter.getName());
        if (raw == null) {
            if (parameter.isRequired()) {
                violations.add(new Violation(parameter.getName(), "is required"));
            }
            return;
        }
        String fault = StoredText.fault(raw, false);
        if (fault != null) {
            violations.add(new Violation(parameter.getName(), fault));
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
