package verticles.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Browser tests: headless Chromium (Debian's, at {@code /usr/bin/chromium}) driven by
 * playwright-core from a script in {@code src/test/browser}. Without Chromium or Node.js a test is
 * skipped with the reason, never passed; {@code .ci/run} installs Chromium so CI always runs them.
 */
public final class BrowserScripts {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final NodeScripts SCRIPTS = new NodeScripts("browser");

    private BrowserScripts() {
    }

    /** Skips the calling test when there is no browser to drive; installs playwright-core when missing. */
    public static void assumeABrowser() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
            "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        SCRIPTS.assumeInstalled("playwright-core");
    }

    /** Runs {@code src/test/browser/<script>} with the arguments; the script exits non-zero on any failure. */
    public static Processes.Outcome runScript(String script, List<String> arguments, Duration deadline)
        throws IOException, InterruptedException {
        return SCRIPTS.runScript(script, arguments, deadline);
    }
}
