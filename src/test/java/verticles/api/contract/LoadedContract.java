package verticles.api.contract;

import io.vertx.core.Vertx;

/**
 * The contract loaded as a node loads it, and its check, shared by this package's tests: loading
 * takes a Vert.x instance and a second or so, and nothing in either changes once made.
 */
final class LoadedContract {

    private static LoadedContract shared;

    final ApiContract api;
    final ContractCheck check;

    private LoadedContract(ApiContract api) {
        this.api = api;
        this.check = new ContractCheck(api);
    }

    /** The one loaded contract of this test run; its Vert.x instance lives as long as the run. */
    static synchronized LoadedContract shared() throws Exception {
        if (shared == null) {
            shared = new LoadedContract(ApiContract.load(Vertx.vertx()).toCompletionStage().toCompletableFuture().get());
        }
        return shared;
    }
}
