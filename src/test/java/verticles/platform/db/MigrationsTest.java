package verticles.platform.db;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("Migrations")
class MigrationsTest {

    @Test
    @DisplayName("are every file under db/migration, found without a list, oldest first")
    void discovered() throws Exception {
        List<String> onDisk;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            onDisk = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        List<String> found = Migrations.discover();
        assertEquals(onDisk.size(), found.size(), found.toString());
        assertEquals(onDisk.stream().sorted(java.util.Comparator.comparingLong(Migrations::version)).toList(), found);
        assertEquals("V1__tenants_orders_outbox.sql", found.get(0));
    }

    @Test
    @DisplayName("are ordered by version number, not by name, and refuse a stray file or a repeated version")
    void ordering() {
        assertEquals(List.of("V2__b.sql", "V9__c.sql", "V10__a.sql"),
            Migrations.ordered(List.of("V10__a.sql", "V2__b.sql", "V9__c.sql")));
        assertThrows(IllegalStateException.class, () -> Migrations.ordered(List.of("V1__a.sql", "notes.txt")));
        assertThrows(IllegalStateException.class, () -> Migrations.ordered(List.of("V1__a.sql", "V1__b.sql")));
    }
}
