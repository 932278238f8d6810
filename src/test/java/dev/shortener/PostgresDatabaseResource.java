package dev.shortener;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fresh PostgreSQL database for each application start under test, created through the {@code postgres} database
 * of the server on 127.0.0.1:5432 (trust auth; override with {@code -Dtest.postgres.url/user}) and dropped after:
 * runs never share state, and {@code ./mvnw verify} needs nothing but a running server.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private static final String SERVER = System.getProperty("test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getProperty("test.postgres.user", "postgres");

    private static final String UNDEFINED_TABLE = "42P01";
    private static final String CURRENT = "test.postgres.current-database";

    private String database;

    /**
     * Empties the link store of the application under test (none started: nothing to do). {@link FreshLinkStore} does
     * it before every test: a model or provider under test must reach the upstream, not find the link another test
     * (or another parameter of the same test) already made.
     */
    public static void forgetLinks() {
        String url = System.getProperty(CURRENT);
        if (url == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, USER, "");
                Statement statement = c.createStatement()) {
            statement.execute("DELETE FROM links");
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return; // the application under test is not on this database (the embedded-store test)
            }
            throw new IllegalStateException("could not empty the link store: " + e.getMessage(), e);
        }
    }

    /** A new, empty database on the server, for a test that starts replicas of its own; {@link #drop} it after. */
    public static String create(String prefix) {
        String database = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + database);
        return database;
    }

    /** Drops a database that {@link #create} made, closing any connection still open to it. */
    public static void drop(String database) {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    /** The JDBC URL of a database on the server. */
    public static String url(String database) {
        return SERVER + database;
    }

    /** The user every connection of the tests logs in as (trust auth: no password). */
    public static String user() {
        return USER;
    }

    @Override
    public Map<String, String> start() {
        database = create("tinyurl_test_");
        // JVM-wide (test resources and tests may live in different class loaders): the database in use now.
        System.setProperty(CURRENT, SERVER + database);
        return Map.of("quarkus.datasource.jdbc.url", SERVER + database,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        if (database != null) {
            System.clearProperty(CURRENT);
            drop(database);
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on " + SERVER + " is needed by the tests (start it, e.g. "
                    + "pg_ctlcluster --skip-systemctl-redirect 15 main start): " + e.getMessage(), e);
        }
    }
}
