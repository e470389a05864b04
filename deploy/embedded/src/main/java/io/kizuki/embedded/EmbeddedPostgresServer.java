package io.kizuki.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, from the binaries in Maven Central (zonky), with Kizuki's databases: report-service's
 * and Keycloak's. Its data directory is kept: a directory that holds a database cluster is started as it is.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String REPORT_DATABASE = "kizuki_report";
    public static final String KEYCLOAK_DATABASE = "keycloak";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(int port, Path dataDir) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                for (String database : List.of(REPORT_DATABASE, KEYCLOAK_DATABASE)) {
                    try (ResultSet exists =
                            statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                        if (exists.next()) {
                            continue;
                        }
                    }
                    statement.execute("CREATE DATABASE " + database);
                }
            }
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Kizuki's databases", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of a database. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** The reactive (Vert.x) URL of a database. */
    public String reactiveUrl(String database) {
        return "postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
