package io.chuangguan.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.jboss.logging.Logger;

/** Dev and test convenience: a local PostgreSQL gets the configured database created on first use. */
final class LocalDatabase {

    private static final Logger LOG = Logger.getLogger(LocalDatabase.class);
    private static final String INVALID_CATALOG = "3D000";

    private LocalDatabase() {
    }

    static void ensureExists(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            return;
        }
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        org.postgresql.Driver driver = new org.postgresql.Driver();
        try (Connection ignored = driver.connect(jdbcUrl, props)) {
            return;
        } catch (SQLException e) {
            if (!INVALID_CATALOG.equals(e.getSQLState())) {
                return; // wrong credentials and the like: the application reports them itself
            }
        }
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        String database = query < 0 ? jdbcUrl.substring(slash + 1) : jdbcUrl.substring(slash + 1, query);
        String maintenance = jdbcUrl.substring(0, slash + 1) + "postgres" + (query < 0 ? "" : jdbcUrl.substring(query));
        if (!database.matches("[A-Za-z0-9_]+")) {
            return;
        }
        try (Connection connection = driver.connect(maintenance, props); Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
            LOG.warnf("Created the database %s at %s", database, maintenance.substring(0, slash));
        } catch (SQLException e) {
            LOG.warnf("The database %s does not exist and could not be created: %s", database, e.getMessage());
        }
    }
}
