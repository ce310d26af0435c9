package verticles.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the zonky binaries (they drop to user {@code nobody} when started
 * as root). The data directory is kept between runs; the {@code meridian} database is created on
 * first start.
 *
 * <p>zonky registers a JVM shutdown hook of its own that cannot be turned off, so on Ctrl-C the
 * server may stop a moment before the node has drained. Nothing is lost: an outbox round cut
 * short leaves its rows unsent, and the next start publishes them.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String DATABASE = "meridian";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    public EmbeddedPostgresServer(Path dataDir) {
        this(dataDir, 0);
    }

    /** On a fixed port (0: a free one), so a stopped server can be started again where its clients look. */
    public EmbeddedPostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public EmbeddedPostgresServer start() throws IOException {
        Files.createDirectories(dataDir.getParent());
        postgres = EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(port > 0 ? port : FreePorts.next())
            .setServerConfig("max_connections", "200")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("could not prepare the meridian database", e);
        }
        LOG.info("embedded PostgreSQL ready at {}", url());
        return this;
    }

    public String url() {
        return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
            LOG.info("embedded PostgreSQL stopped");
        }
    }
}
