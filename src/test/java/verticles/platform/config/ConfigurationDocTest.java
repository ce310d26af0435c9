package verticles.platform.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code docs/configuration.md} is generated from {@link Keys}: this test renders it and fails
 * when the file differs. After changing a key, rewrite the file with
 * {@code ./mvnw test -Dtest=ConfigurationDocTest -Dconfiguration.write=true}.
 */
@DisplayName("The configuration reference")
class ConfigurationDocTest {

    private static final Path FILE = Path.of("docs", "configuration.md");

    private static final String PREAMBLE = """
        # Configuration

        <!-- Generated from platform/config/Keys.java and each feature's *Keys by ConfigurationDocTest; do not edit.
             Rewrite it with: ./mvnw test -Dtest=ConfigurationDocTest -Dconfiguration.write=true -->

        YAML under `conf/`: `meridian.yaml` is the base; a profile file (`meridian-<profile>.yaml`)
        is laid over it key by key when `MERIDIAN_PROFILE` names it. Profiles: `dev` (the developer
        run), `test` (integration tests), `cluster` (several nodes on one machine), `k8s`. The folder
        is `MERIDIAN_CONF_DIR` (default `conf`).

        **Every key can be overridden by an environment variable**, by one rule: `MERIDIAN_`, then
        the key's path in upper case with dots and dashes as underscores (`http.port` →
        `MERIDIAN_HTTP_PORT`, `verticles.outbox-relay.instances` →
        `MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES`). Durations take a unit (`250ms`, `2s`, `5m`,
        `24h`, `1d`); lists are YAML sequences or comma-separated in a variable. A value that does
        not parse stops the node at start-up, naming the key.

        **Which verticles a node runs, and how many instances of each**, is configuration too
        (`verticles.*.instances`, 0 = not on this node), so one jar serves API-only, worker-only or
        all-in-one nodes (the `launcher` section).

        Each package declares the keys it reads; a section per owner follows.
        """;

    static String render() {
        StringBuilder doc = new StringBuilder(PREAMBLE);
        for (ConfigKeys.Group group : ConfigKeys.byOwner()) {
            doc.append("\n## `").append(group.owner()).append(group.owner().equals("platform") ? "` and the `api` edge" : "`")
                .append("\n\n")
                .append("| key | environment variable | default | meaning |\n| --- | --- | --- | --- |\n");
            group.keys().forEach(key -> row(doc, key));
        }
        return doc.toString();
    }

    private static void row(StringBuilder doc, ConfigKey<?> key) {
        doc.append("| `").append(key.path()).append("` | `").append(key.envName()).append("` | `")
            .append(key.defaultText()).append("` | ").append(key.description().replace("|", "\\|"))
            .append(key.formerPaths().isEmpty() ? "" : " (formerly `" + String.join("`, `", key.formerPaths())
                + "`, which still works)")
            .append(" |\n");
    }

    @Test
    @DisplayName("lists every key with its variable, default and meaning, exactly as Keys declares them")
    void isUpToDate() throws Exception {
        String rendered = render();
        if (Boolean.getBoolean("configuration.write")) {
            Files.writeString(FILE, rendered);
        }
        assertEquals(rendered, Files.exists(FILE) ? Files.readString(FILE) : "",
            FILE + " is out of date: ./mvnw test -Dtest=ConfigurationDocTest -Dconfiguration.write=true");
    }
}
