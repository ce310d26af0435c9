package verticles.api.adversarial;

/**
 * One generated request and what the contract demands of its answer: never a 5xx or a dropped
 * connection, and, when {@code mustRefuse}, a 4xx (the request breaks a rule, so nothing of it may
 * be accepted and fail later). The name says how it was made; {@code -Dadversarial.only=…} runs the
 * cases whose name contains that text.
 */
record Case(String name, RawRequest request, boolean mustRefuse) {
}
