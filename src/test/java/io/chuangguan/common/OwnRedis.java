package io.chuangguan.common;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import redis.embedded.RedisServer;

/**
 * A Redis of the tests' own (a real redis-server), so a test can stop it and start it again without touching the
 * Redis other tests use. Tests with this profile share one application.
 */
public final class OwnRedis {

    private OwnRedis() {
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Resource.class));
        }
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private int port;

        @Override
        public Map<String, String> start() {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            OwnRedis.start(port);
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
        }

        @Override
        public void stop() {
            OwnRedis.stop(port);
        }
    }

    /** The port of the application's Redis under this profile. */
    public static int port() {
        String hosts = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class);
        return Integer.parseInt(hosts.substring(hosts.lastIndexOf(':') + 1));
    }

    /** Starts an empty Redis on the port; it runs until stopped or until the JVM exits. */
    public static void start(int port) {
        try {
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException ignored) {
                    // already stopped
                }
            }));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shuts the Redis on the port down (it loses everything, as a server without persistence would). */
    public static void stop(int port) {
        try (Socket socket = new Socket("127.0.0.1", port); OutputStream out = socket.getOutputStream()) {
            out.write("SHUTDOWN NOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read();
        } catch (IOException ignored) {
            // not running
        }
    }
}
