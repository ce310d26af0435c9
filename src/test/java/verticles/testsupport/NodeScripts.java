package verticles.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scripts run by Node.js from a folder of {@code src/test} with its own pinned {@code package.json}
 * ({@code browser} for Chromium, {@code conformance} for the ecosystem's validators). Without Node.js
 * a test is skipped with the reason, never passed; the packages are installed with {@code npm ci}
 * when missing.
 */
public final class NodeScripts {

    private final Path folder;

    public NodeScripts(String folder) {
        this.folder = Path.of("src", "test", folder);
    }

    /** Skips the calling test without Node.js; installs the folder's packages (checking for {@code module}) when missing. */
    public void assumeInstalled(String module) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Processes.run(List.of("node", "--version"), null, Duration.ofSeconds(10)).exit() == 0,
            "skipped: no Node.js to run the scripts in " + folder);
        if (!Files.isDirectory(folder.resolve("node_modules").resolve(module))) {
            Processes.Outcome install = Processes.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", folder.toString()),
                null, Duration.ofMinutes(3));
            assertEquals(0, install.exit(), "npm ci in " + folder + " failed:\n" + install.output());
        }
    }

    /** Runs {@code <folder>/<script>} with the arguments; the script exits non-zero on any failure. */
    public Processes.Outcome runScript(String script, List<String> arguments, Duration deadline)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", folder.resolve(script).toString()));
        command.addAll(arguments);
        return Processes.run(command, null, deadline);
    }
}
