package verticles.tenants;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import verticles.domain.tenant.ApiKeys;

import java.util.List;

/** The development-only tenants the dev and test profiles seed; no production profile does. */
public final class DemoTenants {

    /** A demo tenant and its well-known key. */
    public record Tenant(String id, String name, String apiKey) {
    }

    private DemoTenants() {
    }

    /** Adds each tenant with its key unless it is there already, all in one transaction. */
    public static Future<Void> seed(Pool pool, List<Tenant> tenants) {
        return pool.withTransaction(tx -> Future.all(tenants.stream().map(t ->
            TenantStore.seed(tx, t.id(), t.name(), ApiKeys.hash(t.apiKey()), ApiKeys.prefix(t.apiKey()))).toList()))
            .mapEmpty();
    }
}
