package verticles.api.contract;

import java.util.List;

/** One compiled rule of a JSON Schema: whether a value, as {@link StrictJson} reads it, meets it. */
@FunctionalInterface
interface ValueCheck {

    boolean accepts(Object value);

    /** Met when every one of {@code checks} is. */
    static ValueCheck all(List<ValueCheck> checks) {
        ValueCheck[] each = checks.toArray(ValueCheck[]::new);
        return value -> {
            for (ValueCheck check : each) {
                if (!check.accepts(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Met when at least one of {@code checks} is. */
    static ValueCheck any(List<ValueCheck> checks) {
        ValueCheck[] each = checks.toArray(ValueCheck[]::new);
        return value -> {
            for (ValueCheck check : each) {
                if (check.accepts(value)) {
                    return true;
                }
            }
            return false;
        };
    }
}
