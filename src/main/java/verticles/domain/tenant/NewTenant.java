package verticles.domain.tenant;


import java.util.Map;

/** A merchant to create: its display name (1–200 characters), nothing else. */
public record NewTenant(String name) {

    /** Reads a body that matched the contract. */
    public static NewTenant read(Map<String, ?> body) {
        return new NewTenant((String) body.get("name"));
    }
}
