package verticles.testsupport;

import verticles.dev.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        Map<String, String> env = new java.util.HashMap<>(infra.endpoints());
        env.put("MERIDIAN_PROFILE", "test");
        env.put("MERIDIAN_HTTP_PORT", String.valueOf(port));
        env.putAll(overrides);
        return start(List.of(), List.of(), env, port);
    }

    /**
     * Starts the jar behind {@code launcher} (for example {@code ip netns exec <host>}, which
     * execs, so the process is the JVM itself), with JVM options and exactly this environment on
     * top of the test's; returns at once.
     */
    public static JarProcess start(List<String> launcher, List<String> jvmOptions, Map<String, String> env, int httpPort)
        throws IOException {
        Path log = Path.of("target", "jar-process-" + UUID.randomUUID() + ".log");
        List<String> command = new java.util.ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", "target/meridian.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new JarProcess(builder.start(), log, httpPort);
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
