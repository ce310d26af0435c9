package verticles;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One package owns each table: every table the migrations create is named in SQL by the classes
 * of one top-level package only (a feature, or the platform for its own tables: the outbox,
 * processed events, idempotency keys). Read from the sources, so a store that reaches into
 * another feature's table fails here, whatever the compiled dependencies say.
 */
@DisplayName("The tables")
class TableOwnershipTest {

    private static final Pattern CREATED = Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?(\\w+)");
    private static final Pattern NAMED = Pattern.compile("\\b(?:FROM|INTO|UPDATE|JOIN|TABLE|EXISTS)\\s+(\\w+)");

    @Test
    @DisplayName("are each touched by one package alone")
    void eachTableHasOneOwner() {
        Set<String> tables = new TreeSet<>();
        for (Path migration : files("src/main/resources/db/migration", ".sql")) {
            Matcher m = CREATED.matcher(read(migration));
            while (m.find()) {
                tables.add(m.group(1));
            }
        }
        assertTrue(tables.size() >= 15, "the migrations' tables were found: " + tables);

        Map<String, Set<String>> owners = new TreeMap<>();
        Path root = Path.of("src/main/java/verticles");
        for (Path source : files(root.toString(), ".java")) {
            String pkg = root.relativize(source).getName(0).toString();
            Matcher m = NAMED.matcher(read(source));
            while (m.find()) {
                if (tables.contains(m.group(1))) {
                    owners.computeIfAbsent(m.group(1), t -> new TreeSet<>()).add(pkg);
                }
            }
        }
        Map<String, Set<String>> shared = new TreeMap<>();
        owners.forEach((table, packages) -> {
            if (packages.size() > 1) {
                shared.put(table, packages);
            }
        });
        assertEquals(Map.of(), shared, "tables named by more than one package");
        assertEquals(tables, owners.keySet(), "every table has an owner that uses it");
    }

    private static List<Path> files(String folder, String suffix) {
        try (Stream<Path> all = Files.walk(Path.of(folder))) {
            return all.filter(p -> p.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
