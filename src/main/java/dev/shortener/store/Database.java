package dev.shortener.store;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.shortener.config.ShortenerConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.Startup;

/** The active datasource (PostgreSQL when configured, else the embedded H2 file) and its JDBC connections. */
@ApplicationScoped
@Startup
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    private final AgroalDataSource dataSource;
    private final boolean embedded;

    Database(@Any Instance<AgroalDataSource> dataSources, Config config, ShortenerConfig shortener) {
        this.embedded = config.getOptionalValue("quarkus.datasource.\"" + EmbeddedDatasourceSwitch.EMBEDDED
                + "\".active", Boolean.class).orElse(false);
        if (!embedded && config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isEmpty()) {
            throw new IllegalStateException("No job store: set QUARKUS_DATASOURCE_JDBC_URL to a PostgreSQL database "
                    + "(jdbc:postgresql://host:5432/db, with QUARKUS_DATASOURCE_USERNAME and "
                    + "QUARKUS_DATASOURCE_PASSWORD). "
                    + "The embedded database is off: a native executable has none, and "
                    + "quarkus.datasource.\"embedded\".active=false turns it off on the JVM.");
        }
        this.dataSource = embedded
                ? dataSources.select(new DataSource.DataSourceLiteral(EmbeddedDatasourceSwitch.EMBEDDED)).get()
                : dataSources.select(Default.Literal.INSTANCE).get();
        if (embedded) {
            LOG.infof("Jobs are stored in the embedded database under %s: single replica only. Set "
                    + "QUARKUS_DATASOURCE_JDBC_URL to a PostgreSQL database to share jobs between replicas.",
                    shortener.dataDir());
        }
    }

    /** True on the embedded engine (H2), false on PostgreSQL. */
    public boolean embedded() {
        return embedded;
    }

    /** A pooled connection in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs {@code work} in one transaction, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * {@link #inTransaction} for work that may run again: retried (up to 5 attempts) when the database aborts it to
     * break a deadlock or a serialization conflict with another writer.
     */
    public <T> T inRetryableTransaction(SqlWork<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return inTransaction(work);
            } catch (StoreException e) {
                String state = e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
                boolean conflict = "40P01".equals(state) || "40001".equals(state);
                if (!conflict || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** JDBC work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        /** Does the work on {@code c}. */
        T run(Connection c) throws SQLException;
    }
}
