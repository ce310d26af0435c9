package verticles.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Browser tests: headless Chromium (Debian's, at {@code /usr/bin/chromium}) driven by
 * playwright-core from a script in {@code src/test/browser}. Without Chromium or Node.js a test is
 * skipped with the reason, never passed; {@code .ci/run} installs Chromium so CI always runs them.
 */
public final class BrowserScripts {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCRIPTS = Path.of("src", "test", "browser");

    private BrowserScripts() {
    }

    /** What a script printed, and how it ended. */
    public record Outcome(int exit, String output) {
    }

    /** Skips the calling test when there is no browser to drive; installs playwright-core when missing. */
    public static void assumeABrowser() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
            "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        Assumptions.assumeTrue(run(List.of("node", "--version"), Duration.ofSeconds(10)).exit() == 0,
            "skipped: no Node.js to run playwright-core");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
            Outcome install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", SCRIPTS.toString()),
                Duration.ofMinutes(3));
            assertEquals(0, install.exit(), "npm ci in src/test/browser failed:\n" + install.output());
        }
    }

    /** Runs {@code src/test/browser/<script>} with the arguments; the script exits non-zero on any failure. */
    public static Outcome runScript(String script, List<String> arguments, Duration deadline)
        throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", SCRIPTS.resolve(script).toString()));
        command.addAll(arguments);
        return run(command, deadline);
    }

    private static Outcome run(List<String> command, Duration deadline) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return new Outcome(-1, notInstalled.toString());
        }
        boolean done = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes());
        return new Outcome(done ? process.exitValue() : -1, output);
    }
}
