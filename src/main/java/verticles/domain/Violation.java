package verticles.domain;

/** One thing wrong with a request: where ({@code items[0].quantity}) and what. */
public record Violation(String field, String message) {
}
