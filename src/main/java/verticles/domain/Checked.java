package verticles.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the domain's rules made of a request: the value, or every violation found. The API
 * contract has already checked shape, types and ranges; a {@code Checked} carries the rules a
 * schema cannot state (the clock, the meaning of a URL). Nothing here throws or answers null: a
 * route reads the result and answers {@code 400} with the list, or goes on with the value.
 */
public sealed interface Checked<T> {

    /** The request passed every rule. */
    record Valid<T>(T value) implements Checked<T> {
    }

    /** The request broke at least one rule; all of them are listed, so it is refused once. */
    record Invalid<T>(List<Violation> violations) implements Checked<T> {
        public Invalid {
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result names at least one violation");
            }
            violations = List.copyOf(violations);
        }
    }

    static <T> Checked<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Checked<T> invalid(String field, String message) {
        return new Invalid<>(List.of(new Violation(field, message)));
    }

    /** Both values when both are valid; otherwise the violations of either, first's first. */
    static <A, B, R> Checked<R> both(Checked<A> first, Checked<B> second, BiFunction<A, B, R> combine) {
        if (first instanceof Valid<A> a && second instanceof Valid<B> b) {
            return valid(combine.apply(a.value(), b.value()));
        }
        List<Violation> all = new ArrayList<>(first.violations());
        all.addAll(second.violations());
        return new Invalid<>(all);
    }

    default <R> Checked<R> map(Function<T, R> read) {
        return this instanceof Valid<T> v ? valid(read.apply(v.value())) : new Invalid<>(violations());
    }

    /** The violations with their field paths under {@code prefix} ({@code "[3]."} for a batch's fourth item). */
    default Checked<T> under(String prefix) {
        return this instanceof Invalid<T> invalid
            ? new Invalid<>(invalid.violations().stream().map(v -> new Violation(prefix + v.field(), v.message())).toList())
            : this;
    }

    /** Empty when valid. */
    default List<Violation> violations() {
        return this instanceof Invalid<T> invalid ? invalid.violations() : List.of();
    }
}
