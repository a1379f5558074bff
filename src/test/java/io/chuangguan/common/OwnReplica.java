package io.chuangguan.common;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A PostgreSQL primary and a streaming replica made from it with {@code pg_basebackup -R}, both on loopback ports, for
 * the tests of the reads that go to a replica. Both are clusters of their own (the machine's server may refuse
 * replication connections); they need the PostgreSQL server programs of the machine (Debian's
 * /usr/lib/postgresql/N/bin, or on the PATH). As root the servers run as the {@code postgres} user, as PostgreSQL
 * refuses to run as root.
 */
public final class OwnReplica {

    static final String DATABASE = "chuangguan";
    private static final Path BIN = findBin();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static Path dir;
    private static int primaryPort;
    private static int replicaPort;

    private OwnReplica() {
    }

    /** Whether this machine has the programs (a test class is disabled without them). */
    public static boolean available() {
        return BIN != null;
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
            OwnReplica.start();
            String primary = "127.0.0.1:" + primaryPort + "/" + DATABASE;
            return Map.of("quarkus.datasource.reactive.url", "postgresql://" + primary,
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + primary,
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.replica.reactive.url", "postgresql://127.0.0.1:" + replicaPort + "/" + DATABASE,
                    // a lag the test can wait out, checked every second (the scheduler's shortest interval)
                    "app.replica.max-lag", "PT4S",
                    "app.replica.check-every", "1s");
        }

        @Override
        public void stop() {
            OwnReplica.stop();
        }
    }

    static synchronized void start() {
        try {
            dir = Files.createTempDirectory("chuangguan-replica-");
            if (ROOT) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            }
            primaryPort = freePort();
            replicaPort = freePort();
            Path primary = dir.resolve("primary");
            run("initdb", "-D", primary.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            // the defaults already stream: wal_level=replica, max_wal_senders=10, replication allowed from loopback
            Files.writeString(primary.resolve("postgresql.conf"), settings(primaryPort), java.nio.file.StandardOpenOption.APPEND);
            startServer("primary");
            try (Connection c = connect(primaryPort, "postgres"); Statement s = c.createStatement()) {
                s.execute("create database " + DATABASE);
            }
            Path replica = dir.resolve("replica");
            run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres", "-D", replica.toString(), "-R",
                    "-X", "stream", "-c", "fast", "--no-sync");
            // the copied configuration says the primary's port: the last setting wins
            Files.writeString(replica.resolve("postgresql.conf"), settings(replicaPort), java.nio.file.StandardOpenOption.APPEND);
            startServer("replica");
            Runtime.getRuntime().addShutdownHook(new Thread(OwnReplica::stop, "own-replica-stop"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String settings(int port) {
        return "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + dir + "'\nfsync = off\n"
                + "max_connections = 60\n";
    }

    static synchronized void stop() {
        if (dir == null) {
            return;
        }
        for (String server : List.of("replica", "primary")) {
            if (Files.exists(dir.resolve(server).resolve("postmaster.pid"))) {
                tryRun("pg_ctl", "-D", dir.resolve(server).toString(), "-m", "immediate", "-w", "stop");
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary directory
        }
        dir = null;
    }

    /** Stops the replica at once, as if its machine went away. */
    public static void stopReplica() {
        run("pg_ctl", "-D", dir.resolve("replica").toString(), "-m", "immediate", "-w", "stop");
    }

    public static void startReplica() {
        startServer("replica");
    }

    /** The replica keeps receiving the primary's WAL but stops applying it: it lags more every second. */
    public static void pauseReplay() {
        onReplica("select pg_wal_replay_pause()");
    }

    public static void resumeReplay() {
        onReplica("select pg_wal_replay_resume()");
    }

    private static void onReplica(String sql) {
        try (Connection c = connect(replicaPort, DATABASE); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    private static void startServer(String name) {
        run("pg_ctl", "-D", dir.resolve(name).toString(), "-l", dir.resolve(name + ".log").toString(), "-w", "-t", "60", "start");
    }

    private static void run(String program, String... args) {
        int exit = tryRun(program, args);
        if (exit != 0) {
            throw new IllegalStateException(program + " failed (exit " + exit + "); see " + dir);
        }
    }

    private static int tryRun(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(BIN.resolve(program).toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The directory with initdb, pg_ctl and pg_basebackup: Debian's newest, else the PATH's. */
    private static Path findBin() {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
        } catch (IOException ignored) {
            // not Debian's layout
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(entry));
        }
        return candidates.stream().filter(bin -> Stream.of("initdb", "pg_ctl", "pg_basebackup").allMatch(p -> Files.isExecutable(bin.resolve(p))))
                .findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
