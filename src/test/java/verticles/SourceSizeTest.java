package verticles;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No class in {@code src/main/java} grows past 250 lines: past that a class does several jobs,
 * and its decisions belong in plain classes with tests of their own.
 */
@DisplayName("The main sources")
class SourceSizeTest {

    private static final int MAX_LINES = 250;

    @Test
    @DisplayName("hold no file over 250 lines")
    void noFileOverTheLimit() throws IOException {
        List<String> tooLong;
        long files;
        try (Stream<Path> all = Files.walk(Path.of("src/main/java"))) {
            List<Path> sources = all.filter(p -> p.toString().endsWith(".java")).toList();
            files = sources.size();
            tooLong = sources.stream()
                .filter(p -> lines(p) > MAX_LINES)
                .map(p -> p + " (" + lines(p) + " lines)")
                .toList();
        }
        assertTrue(files > 100, "the sources were found: " + files);
        assertEquals(List.of(), tooLong, "split these into classes that do one job each");
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
