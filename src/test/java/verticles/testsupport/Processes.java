package verticles.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool the tests call out to (Node.js, promtool), feeding it text and reading what it printed. */
public final class Processes {

    private Processes() {
    }

    /** What a process printed (standard output and error together), and how it ended; -1 when it could not start or ran out of time. */
    public record Outcome(int exit, String output) {
    }

    /** Asks each process to stop (SIGTERM), then kills any still running after {@code grace}. */
    public static void stopAll(List<Process> processes, Duration grace) throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Runs {@code command}, writes {@code stdin} (when not null) to it, and waits at most {@code deadline}. */
    public static Outcome run(List<String> command, String stdin, Duration deadline) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return new Outcome(-1, notInstalled.toString());
        }
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        boolean done = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(done ? process.exitValue() : -1, output);
    }
}
