package io.chuangguan.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Starts the embedded PostgreSQL and Redis at most once per JVM. Only {@link EmbeddedServicesConfigSourceFactory}
 * touches this class, and only in dev mode and tests, so the optional libraries are never loaded in production.
 */
final class EmbeddedServices {

    static final String POSTGRES_USER = "postgres";
    static final String POSTGRES_DATABASE = "postgres";
    /** Shared by all class loaders of this JVM: the ports of servers already started. */
    private static final String PG_PORT_PROPERTY = "chuangguan.embedded.postgres.port";
    private static final String REDIS_PORT_PROPERTY = "chuangguan.embedded.redis.port";

    private EmbeddedServices() {
    }

    static synchronized int postgresPort() {
        Integer running = runningPort(PG_PORT_PROPERTY);
        if (running != null) {
            return running;
        }
        try {
            Path dataDir = Files.createTempDirectory("chuangguan-pg-");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .start();
            int port = postgres.getPort();
            System.setProperty(PG_PORT_PROPERTY, Integer.toString(port));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the directory is removed below
                }
                deleteTree(dataDir);
            }, "embedded-postgres-stop"));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded PostgreSQL", e);
        }
    }

    static synchronized int redisPort() {
        Integer running = runningPort(REDIS_PORT_PROPERTY);
        if (running != null) {
            return running;
        }
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("chuangguan-redis-");
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dir)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            System.setProperty(REDIS_PORT_PROPERTY, Integer.toString(port));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    redis.stop();
                } catch (IOException ignored) {
                    // the JVM is going away; the directory is removed below
                }
                deleteTree(dir);
            }, "embedded-redis-stop"));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded Redis", e);
        }
    }

    private static Integer runningPort(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            return null;
        }
        int port = Integer.parseInt(value);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return port;
        } catch (IOException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort on shutdown
        }
    }
}
