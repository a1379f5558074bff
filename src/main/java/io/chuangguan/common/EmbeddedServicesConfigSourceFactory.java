package io.chuangguan.common;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Zero-setup services for dev mode and tests: when nothing answers at the configured PostgreSQL or
 * Redis address, start an embedded one and point the configuration at it; when a local PostgreSQL answers
 * but lacks the configured database, create it.
 *
 * <p>Quarkus creates its configuration several times (build, static init, runtime init, every dev
 * reload and test profile), each time in a fresh class loader, so the running servers are remembered
 * in system properties that every class loader sees. Production never starts anything here: it
 * fails fast on its own configuration.
 */
public class EmbeddedServicesConfigSourceFactory implements ConfigSourceFactory {

    static final String ENABLED_KEY = "app.services.embedded-fallback";
    private static final Logger LOG = Logger.getLogger(EmbeddedServicesConfigSourceFactory.class);
    /**
     * Above every other source (system properties, env vars, test-profile overrides): it only speaks for an
     * address where nothing answers, and then it must win.
     */
    private static final int ORDINAL = Integer.MAX_VALUE - 10;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean devOrTest = profiles.contains("dev") || profiles.contains("test");
        ConfigValue enabled = context.getValue(ENABLED_KEY);
        boolean fallback = enabled.getValue() != null ? Boolean.parseBoolean(enabled.getValue()) : devOrTest;
        if (!fallback) {
            return Collections.emptyList();
        }
        Map<String, String> overrides = new HashMap<>();
        String reactiveUrl = context.getValue("quarkus.datasource.reactive.url").getValue();
        Endpoint pg = Endpoint.parse(reactiveUrl, 5432);
        if (pg != null && pg.answers()) {
            LocalDatabase.ensureExists(context.getValue("quarkus.datasource.jdbc.url").getValue(),
                    context.getValue("quarkus.datasource.username").getValue(),
                    context.getValue("quarkus.datasource.password").getValue());
        } else if (pg != null) {
            int port = EmbeddedServices.postgresPort();
            // the configured database, so that dev mode, the tests and a test profile of their own keep apart
            String db = pg.database() != null ? pg.database() : EmbeddedServices.POSTGRES_DATABASE;
            String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
            LocalDatabase.ensureExists(jdbcUrl, EmbeddedServices.POSTGRES_USER, "");
            overrides.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + db);
            overrides.put("quarkus.datasource.jdbc.url", jdbcUrl);
            overrides.put("quarkus.datasource.username", EmbeddedServices.POSTGRES_USER);
            overrides.put("quarkus.datasource.password", "");
            LOG.warnf("Nothing answers at PostgreSQL %s: using an embedded PostgreSQL on 127.0.0.1:%d, database %s"
                    + " (it starts empty and is deleted when the JVM stops)", pg, port, db);
        }
        String redisHosts = context.getValue("quarkus.redis.hosts").getValue();
        Endpoint redis = Endpoint.parse(redisHosts, 6379);
        if (redis != null && !redis.answers()) {
            int port = EmbeddedServices.redisPort();
            // the configured database index too: the tests' boards (database 1) stay apart from a test profile's
            overrides.put("quarkus.redis.hosts", "redis://127.0.0.1:" + port + (redis.database() == null ? "" : "/" + redis.database()));
            LOG.warnf("Nothing answers at Redis %s: using an embedded Redis on 127.0.0.1:%d", redis, port);
        }
        if (overrides.isEmpty()) {
            return Collections.emptyList();
        }
        return List.of(new PropertiesConfigSource(overrides, "embedded-services", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** A server's address and the database named after it (a PostgreSQL database, a Redis database index), if any. */
    record Endpoint(String host, int port, String database) {

        static Endpoint parse(String url, int defaultPort) {
            if (url == null || url.isBlank()) {
                return null;
            }
            // "vertx-reactive:postgresql://h:p/db", "postgresql://u@h:p/db?x=y", "redis://h:p/1"
            String first = url.split(",")[0].trim();
            int scheme = first.indexOf("://");
            URI uri = URI.create("x" + first.substring(scheme));
            if (uri.getHost() == null) {
                return null;
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            return new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : defaultPort,
                    path.matches("[A-Za-z0-9_]+") ? path : null);
        }

        boolean answers() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
