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

    private String database;

    @Override
    public Map<String, String> start() {
        database = "tinyurl_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + database);
        return Map.of("quarkus.datasource.jdbc.url", SERVER + database,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
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
