package verticles.domain.tenant;

import verticles.domain.Rules;

import java.util.Map;
import java.util.Set;

/** A merchant to create: its display name (1–200 characters), nothing else. */
public record NewTenant(String name) {

    public static NewTenant parse(Map<String, ?> body) {
        Rules rules = new Rules();
        rules.onlyKnown(body, "", Set.of("name"));
        String name = rules.text(body.get("name"), "name", 200, true);
        rules.throwIfAny();
        return new NewTenant(name);
    }
}
