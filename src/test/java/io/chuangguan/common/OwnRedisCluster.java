package io.chuangguan.common;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.vertx.redis.client.impl.ZModem;
import redis.embedded.RedisServer;

/**
 * A Redis Cluster of the tests' own on loopback ports: three masters, each with a replica, made of real redis-servers
 * (the embedded-redis binary, so it starts on a machine without Redis installed) and joined with the CLUSTER commands,
 * as {@code redis-cli --cluster create} would. A node can be killed to see the cluster fail over.
 */
public final class OwnRedisCluster {

    private static final int MASTERS = 3;
    private static final List<Node> NODES = new ArrayList<>();

    private OwnRedisCluster() {
    }

    /** A node: its port, its server, and whether it was started as a master. */
    public record Node(int port, RedisServer server, boolean master) {
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Resource.class));
        }
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            OwnRedisCluster.start();
            String hosts = NODES.stream().filter(Node::master).map(n -> "redis://127.0.0.1:" + n.port()).collect(Collectors.joining(","));
            // the slot map is read again soon after a failover moved a slot
            return Map.of("quarkus.redis.client-type", "cluster", "quarkus.redis.hosts", hosts, "quarkus.redis.topology-cache-ttl", "PT1S");
        }

        @Override
        public void stop() {
            for (Node node : NODES) {
                kill(node.port());
            }
            NODES.clear();
        }
    }

    static synchronized void start() {
        if (!NODES.isEmpty()) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("redis-cluster");
            for (int i = 0; i < MASTERS * 2; i++) {
                int port = freePort();
                Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
                RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                        .setting("cluster-enabled yes").setting("cluster-node-timeout 1000").setting("cluster-announce-ip 127.0.0.1").setting("dir " + nodeDir)
                        .setting("cluster-config-file nodes.conf").build();
                server.start();
                NODES.add(new Node(port, server, i < MASTERS));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> NODES.forEach(n -> kill(n.port()))));
            // the slots split in three, as redis-cli does it
            for (int m = 0; m < MASTERS; m++) {
                int from = m * 16384 / MASTERS;
                int to = (m + 1) * 16384 / MASTERS;
                List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = from; slot < to; slot++) {
                    addSlots.add(Integer.toString(slot));
                }
                command(NODES.get(m).port(), addSlots.toArray(String[]::new));
            }
            int first = NODES.get(0).port();
            for (Node node : NODES.subList(1, NODES.size())) {
                command(first, "CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> NODES.stream()
                    .allMatch(n -> command(n.port(), "CLUSTER", "NODES").toString().lines().count() == NODES.size()));
            for (int m = 0; m < MASTERS; m++) {
                String masterId = command(NODES.get(m).port(), "CLUSTER", "MYID").toString();
                command(NODES.get(MASTERS + m).port(), "CLUSTER", "REPLICATE", masterId);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> NODES.stream()
                    .allMatch(n -> command(n.port(), "CLUSTER", "INFO").toString().contains("cluster_state:ok"))
                    && NODES.subList(MASTERS, NODES.size()).stream()
                            .allMatch(n -> command(n.port(), "INFO", "replication").toString().contains("master_link_status:up")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configured cluster's master that serves the key's slot now. */
    public static int masterOf(String key) {
        int slot = ZModem.generate(key);
        Object slots = command(anyLivePort(), "CLUSTER", "SLOTS");
        for (Object range : (List<?>) slots) {
            List<?> r = (List<?>) range;
            if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
                return ((Long) ((List<?>) r.get(2)).get(1)).intValue();
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** Whether the cluster serves every slot again, as each live node sees it. */
    public static boolean healthy() {
        return NODES.stream().filter(n -> alive(n.port()))
                .allMatch(n -> command(n.port(), "CLUSTER", "INFO").toString().contains("cluster_state:ok"));
    }

    /** Kills the node at once, as a crashed machine would go (SHUTDOWN NOSAVE: no data kept). */
    public static void kill(int port) {
        OwnRedis.stop(port);
    }

    public static boolean alive(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyLivePort() {
        return NODES.stream().map(Node::port).filter(OwnRedisCluster::alive).findFirst().orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One command over RESP; the answer as a String, Long, List or null (an error answer throws). */
    public static Object command(int port, String... args) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + port + ": " + e, e);
        }
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(length);
                in.readNBytes(2);
                return new String(body, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }
}
