package verticles.api.contract;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.http.Operations;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Mounting the contract's router")
class ContractRouterTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    @DisplayName("refuses wiring that leaves an operation without a handler, or serves one the contract lacks")
    void wiringMatchesTheContract() throws Exception {
        ApiContract api = LoadedContract.shared().api;
        ContractCheck check = LoadedContract.shared().check;
        Operations all = new Operations();
        api.contract().operations().forEach(operation -> all.serve(operation.getOperationId(), rc -> { }));
        assertDoesNotThrow(() -> ContractRouter.mount(Router.router(vertx), api, check, all, Set.of()));

        Operations missing = new Operations();
        api.contract().operations().stream().filter(operation -> !operation.getOperationId().equals("getShipment"))
            .forEach(operation -> missing.serve(operation.getOperationId(), rc -> { }));
        IllegalStateException unserved = assertThrows(IllegalStateException.class,
            () -> ContractRouter.mount(Router.router(vertx), api, check, missing, Set.of()));
        assertTrue(unserved.getMessage().contains("nothing serves [getShipment]"), unserved.getMessage());
        assertDoesNotThrow(() -> ContractRouter.mount(Router.router(vertx), api, check, missing, Set.of("getShipment")),
            "an operation served by a route ahead of the contract's is declared so");

        all.serve("getShipmentz", rc -> { });
        IllegalStateException undeclared = assertThrows(IllegalStateException.class,
            () -> ContractRouter.mount(Router.router(vertx), api, check, all, Set.of()));
        assertTrue(undeclared.getMessage().contains("the contract has no [getShipmentz]"), undeclared.getMessage());
    }
}
