package verticles.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the SQL migrations shipped under {@code db/migration/}: every {@code V<n>__<name>.sql},
 * oldest (lowest n) first, whether the classes run from a folder (tests, the developer run) or
 * from the jar. A new migration is a new file; nothing lists them by hand.
 */
final class Migrations {

    static final String FOLDER = "db/migration";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

    private Migrations() {
    }

    /** The migration file names, in the order they apply. Blocking: it reads the class path. */
    static List<String> discover() {
        // The migrations ship beside this class: in the same jar, or the same classes folder.
        List<String> names = new ArrayList<>();
        try {
            Path home = Path.of(Migrations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(home)) {
                try (Stream<Path> files = Files.list(home.resolve(FOLDER))) {
                    files.forEach(f -> names.add(f.getFileName().toString()));
                }
            } else {
                try (JarFile jar = new JarFile(home.toFile())) {
                    jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(FOLDER + "/") && n.indexOf('/', FOLDER.length() + 1) < 0)
                        .forEach(n -> names.add(n.substring(FOLDER.length() + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return ordered(names);
    }

    /** The names that are migrations, by version; a name that is neither a migration nor ignorable is an error. */
    static List<String> ordered(List<String> names) {
        List<String> migrations = new ArrayList<>();
        for (String name : names) {
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("not a migration name (V<n>__<words>.sql): " + FOLDER + "/" + name);
            }
            migrations.add(name);
        }
        migrations.sort(Comparator.comparingLong(Migrations::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (version(migrations.get(i)) == version(migrations.get(i - 1))) {
                throw new IllegalStateException("two migrations share a version: " + migrations.get(i - 1) + ", "
                    + migrations.get(i));
            }
        }
        return migrations;
    }

    static long version(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name);
        }
        return Long.parseLong(m.group(1));
    }
}
