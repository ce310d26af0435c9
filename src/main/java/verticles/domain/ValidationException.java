package verticles.domain;

import java.util.List;

/** A request that breaks one or more rules; the HTTP edge answers it with 400 and the list. */
public final class ValidationException extends RuntimeException {

    private final transient List<Violation> violations;

    public ValidationException(List<Violation> violations) {
        super(violations.size() == 1 ? violations.get(0).field() + ": " + violations.get(0).message()
            : violations.size() + " problems, first " + violations.get(0).field() + ": " + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
