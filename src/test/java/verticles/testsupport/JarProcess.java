package verticles.testsupport;

import verticles.dev.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The production jar ({@code target/meridian.jar}) as a separate process, so a test can stop it
 * as an operator would (SIGTERM) or as a crash would (SIGKILL).
 */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private JarProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with the test profile, the given infrastructure and overrides; returns at once. */
    public static JarProcess start(RealInfrastructure.Infrastructure infra, Map<String, String> overrides)
        throws IOException {
        int port = FreePorts.next();
        Path log = Path.of("target", "jar-process-" + UUID.randomUUID() + ".log");
        ProcessBuilder builder = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", "target/meridian.jar")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putAll(infra.endpoints());
        builder.environment().put("MERIDIAN_PROFILE", "test");
        builder.environment().put("MERIDIAN_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(overrides);
        return new JarProcess(builder.start(), log, port);
    }

    public int httpPort() {
        return port;
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the log shows the node ready (it logs that after every verticle deployed). */
    public void awaitReady(Duration deadline) {
        Eventually.await(deadline, () -> {
            try {
                return output();
            } catch (IOException e) {
                return "";
            }
        }, out -> out.contains("Meridian node ready"));
    }

    /** SIGTERM, as an orchestrator stops a node; true when it exited within the deadline. */
    public boolean terminate(Duration deadline) throws InterruptedException {
        process.destroy();
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook runs, nothing is drained or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
