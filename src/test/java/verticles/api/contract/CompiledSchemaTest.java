package verticles.api.contract;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import verticles.api.adversarial.ContractModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiled body checks against the library they stand in for: on bodies generated from each
 * operation's own schema ({@link SchemaValues}), read as a request's body is ({@link StrictJson}),
 * both must give the same verdict every time. Each run draws new bodies; a failure names its seed,
 * and {@code -Dcontract.seed=<seed>} draws the same ones again.
 */
@DisplayName("The compiled body checks")
class CompiledSchemaTest {

    private static final int BODIES = 4_000;
    private static final long SEED = Long.getLong("contract.seed", System.nanoTime());

    /** The operations whose JSON body schema compiles (today every one). */
    static Stream<String> compiledOperations() throws Exception {
        ContractCheck contract = LoadedContract.shared().check;
        return LoadedContract.shared().api.contract().operations().stream().map(op -> op.getOperationId())
            .filter(id -> contract.bodyCheck(id, MediaType.APPLICATION_JSON) != null
                && contract.bodyCheck(id, MediaType.APPLICATION_JSON).compiled().isPresent())
            .sorted();
    }

    @Test
    @DisplayName("cover the hot operations: a fix, a batch of them, a scan, an order")
    void hotOperationsAreCompiled() throws Exception {
        ContractCheck contract = LoadedContract.shared().check;
        for (String operation : List.of("recordLocation", "recordLocations", "recordCheckpoint", "placeOrder")) {
            assertTrue(contract.bodyCheck(operation, MediaType.APPLICATION_JSON).compiled().isPresent(),
                operation + "'s body schema uses a keyword CompiledSchema does not know; teach it, or its every "
                    + "request pays for the library's generic evaluator");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compiledOperations")
    @DisplayName("give the library's verdict on bodies generated from the operation's schema")
    void agreeWithTheLibrary(String operationId) throws Exception {
        SchemaCheck check = LoadedContract.shared().check.bodyCheck(operationId, MediaType.APPLICATION_JSON);
        CompiledSchema compiled = check.compiled().orElseThrow();
        JsonObject schema = LoadedContract.shared().api.bodySchema(operationId, MediaType.APPLICATION_JSON);
        long seed = SEED ^ operationId.hashCode();
        SchemaValues values = new SchemaValues(ContractModel.load(), new Random(seed));
        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        for (int i = 0; i < BODIES; i++) {
            Object body = StrictJson.value(Json.encode(values.near(schema)));
            boolean library = check.libraryAccepts(body);
            if (library) {
                valid++;
            }
            if (compiled.accepts(body) != library) {
                disagreements.add((library ? "the library accepts " : "the library refuses ") + Json.encode(body));
            }
        }
        assertEquals(List.of(), disagreements.stream().limit(5).toList(),
            operationId + ": " + disagreements.size() + " of " + BODIES + " verdicts differ (seed " + SEED + ")");
        // Both sides of the line must be drawn often, or agreeing proves little.
        assertTrue(valid >= BODIES / 50 && valid <= BODIES - BODIES / 50, operationId + ": " + valid + " of " + BODIES
            + " bodies valid; the generator should land on both sides (seed " + SEED + ")");
    }
}
