package verticles.api.contract;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import verticles.platform.http.Operations;

import java.util.Set;
import java.util.TreeSet;

/**
 * The one route in front of the API's operations: it finds a request's operation by the
 * contract's paths ({@link OperationPaths}), checks the request against it ({@link ContractCheck})
 * and hands it to what serves the operation ({@link Operations}). A path the contract does not
 * name goes on to the routes after it (404 at the end); a path it names with another method is
 * answered 405 with {@code Allow}.
 */
public final class ContractRouter implements Handler<RoutingContext> {

    private final ContractCheck check;
    private final OperationPaths paths;
    private final Operations operations;

    private ContractRouter(ApiContract api, ContractCheck check, Operations operations) {
        this.check = check;
        this.paths = new OperationPaths(api.contract().operations());
        this.operations = operations;
    }

    /**
     * Mounts the route. Every operation of the contract must be served by {@code operations} or be
     * one of {@code servedAhead} (answered by routes mounted before this one, such as health), and
     * nothing may serve an operation the contract does not have: either is a wiring fault, found at
     * start rather than by a caller's 404.
     */
    public static void mount(Router router, ApiContract api, ContractCheck check, Operations operations,
                             Set<String> servedAhead) {
        Set<String> declared = new TreeSet<>();
        api.contract().operations().forEach(operation -> declared.add(operation.getOperationId()));
        Set<String> unserved = new TreeSet<>(declared);
        unserved.removeAll(operations.served());
        unserved.removeAll(servedAhead);
        Set<String> undeclared = new TreeSet<>(operations.served());
        undeclared.removeAll(declared);
        if (!unserved.isEmpty() || !undeclared.isEmpty()) {
            throw new IllegalStateException("the routes do not match the contract: nothing serves " + unserved
                + "; the contract has no " + undeclared);
        }
        router.route().handler(new ContractRouter(api, check, operations));
    }

    @Override
    public void handle(RoutingContext rc) {
        OperationPaths.Found found = paths.find(rc);
        if (found instanceof OperationPaths.Match match) {
            serve(rc, match);
        } else if (found instanceof OperationPaths.WrongMethod wrong) {
            rc.response().putHeader("Allow", String.join(", ", wrong.allowed()));
            rc.fail(405);
        } else if (found instanceof OperationPaths.Unreadable) {
            rc.fail(400);
        } else {
            rc.next();
        }
    }

    private void serve(RoutingContext rc, OperationPaths.Match match) {
        Handler<RoutingContext> handler = operations.handler(match.operationId());
        if (handler == null) {
            // Served by a route ahead of this one, or on this node by none (/metrics without a registry): 404 follows.
            rc.next();
            return;
        }
        // The map the router itself fills, so pathParam reads these as it reads a route's own.
        rc.pathParams().putAll(match.parameters());
        operations.observers(match.operationId()).forEach(observer -> observer.handle(rc));
        if (check.passes(match.operationId(), rc)) {
            handler.handle(rc);
        }
    }
}
