package io.chuangguan.leaderboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Periods;
import io.chuangguan.common.RetryLaterException;
import io.chuangguan.leaderboard.LeaderboardStore.Member;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Rebuilds every board from PostgreSQL: on demand, and by itself when the marker key is gone (Redis restarted
 * empty, or was flushed). Also archives the final standings of ended weeks and months.
 */
@ApplicationScoped
public class LeaderboardRebuilder {

    private static final Logger LOG = Logger.getLogger(LeaderboardRebuilder.class);
    private static final Duration LOCK_TTL = Duration.ofSeconds(60);

    private final LeaderboardStore store;
    private final LeaderboardService leaderboards;
    private final Clock clock;
    private final ZoneId zone;
    private final int archiveSize;
    /** Point totals read per page of a rebuild (50,000: about 50 MB of heap). */
    private final int page;

    private final io.micrometer.core.instrument.Timer rebuilds;

    public LeaderboardRebuilder(LeaderboardStore store, LeaderboardService leaderboards, Clock clock, AppConfig config,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        this.store = store;
        this.leaderboards = leaderboards;
        this.clock = clock;
        this.zone = config.zone();
        this.archiveSize = config.leaderboard().archiveSize();
        this.page = config.leaderboard().rebuildPage();
        // a rebuild means Redis lost its data or an admin asked: each one counted and timed
        this.rebuilds = io.micrometer.core.instrument.Timer.builder("chuangguan.leaderboard.rebuilds")
                .description("full rebuilds of the boards from PostgreSQL").register(metrics);
    }

    public record RebuildReport(int periods, int boards, int entries, long millis) {
    }

    /**
     * Checks the marker at start-up and every 30 s: a Redis that lost its data gets its boards back. On a Redis Cluster
     * also whether a slot changed master since the last check: a replica that took over after its master died may lack
     * the master's last writes (replication is asynchronous), so the boards are rebuilt from PostgreSQL then too.
     */
    @Scheduled(every = "${app.leaderboard.watch-every:30s}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> watch() {
        return store.exists(LeaderboardKeys.MARKER)
                .chain(present -> present ? mastersMoved() : Uni.createFrom().item(new Reason("the marker key is missing", null)))
                .chain(reason -> reason == null ? Uni.createFrom().voidItem() : rebuildIfFree().invoke(report -> {
                    LOG.infof("Leaderboards rebuilt (%s): %s", reason.why(), report);
                    if (reason.masters() != null) {
                        mastersSeen.set(reason.masters()); // not before the rebuild succeeded: a failed one is tried again
                    }
                }).replaceWithVoid())
                .onFailure().recoverWithItem(e -> {
                    if (e instanceof DomainException running && running.status() == 409) {
                        LOG.debug("Leaderboard watch: a rebuild is already running");
                    } else {
                        LOG.warnf("Leaderboard watch could not check or rebuild the boards: %s", e.toString());
                    }
                    return null;
                });
    }

    /** Why the watch rebuilds, and the cluster's slot owners that the rebuild answers (null: not a failover). */
    private record Reason(String why, String masters) {
    }

    /** The cluster's slot owners as of the last rebuild or first look (null before it, and on a single Redis). */
    private final java.util.concurrent.atomic.AtomicReference<String> mastersSeen = new java.util.concurrent.atomic.AtomicReference<>();

    /** A reason to rebuild when a slot changed master since the last rebuild or first look, else null. */
    private Uni<Reason> mastersMoved() {
        return store.slotOwners().map(now -> {
            if (now == null || mastersSeen.compareAndSet(null, now) || mastersSeen.get().equals(now)) {
                return null;
            }
            return new Reason("a Redis Cluster slot changed master", now);
        });
    }

    /** The rebuild this instance started for waiting readers, shared by all of them while it runs. */
    private final java.util.concurrent.atomic.AtomicReference<Uni<Void>> forReaders = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * For a reader that found the boards partial (the marker gone): the boards rebuilt, at most {@code wait} later.
     * One rebuild runs for every waiting reader of the instance (or the other instance's is awaited); it goes on when
     * a reader stops waiting. Fails with 503 when the wait runs out or Redis is away.
     */
    public Uni<Void> awaitBoards(Duration wait) {
        Uni<Void> shared = forReaders.updateAndGet(current -> current != null ? current
                : rebuildIfFree().replaceWithVoid()
                        .onFailure(e -> e instanceof DomainException d && d.status() == 409).recoverWithUni(this::markerBack)
                        .onTermination().invoke(() -> forReaders.set(null))
                        .memoize().indefinitely());
        shared.subscribe().with(v -> { }, e -> LOG.warnf("Leaderboard rebuild for waiting readers failed: %s", e.toString()));
        return shared.ifNoItem().after(wait).fail()
                .onFailure().transform(e -> RetryLaterException.unavailable("boards-rebuilding",
                        "The leaderboards are being rebuilt; try again in a few seconds", 5));
    }

    /** Completes when the marker is back (another instance's rebuild finished). */
    private Uni<Void> markerBack() {
        return store.exists(LeaderboardKeys.MARKER).chain(back -> back ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(200)).chain(this::markerBack));
    }

    /** Rebuilds unless another rebuild (here or on another instance) holds the lock: then 409. */
    public Uni<RebuildReport> rebuildIfFree() {
        String token = java.util.UUID.randomUUID().toString();
        return store.lock(LeaderboardKeys.REBUILD_LOCK, token, LOCK_TTL).chain(locked -> {
            if (!locked) {
                return Uni.createFrom().failure(DomainException.conflict("rebuild-running", "A leaderboard rebuild is already running"));
            }
            // the lease is renewed while the rebuild works, so a slow one keeps it; a crashed one loses it in LOCK_TTL
            var renewals = io.smallrye.mutiny.Multi.createFrom().ticks().every(LOCK_TTL.dividedBy(3))
                    .onItem().transformToUniAndConcatenate(tick -> store.renew(LeaderboardKeys.REBUILD_LOCK, token, LOCK_TTL)
                            .onFailure().recoverWithItem(true))
                    .subscribe().with(held -> {
                        if (!held) {
                            LOG.warn("The leaderboard rebuild lost its lock: another rebuild may have started");
                        }
                    }, e -> { });
            return rebuild().eventually(() -> {
                renewals.cancel();
                return store.release(LeaderboardKeys.REBUILD_LOCK, token).onFailure().recoverWithItem(false);
            });
        });
    }

    /**
     * The current and previous week and month and all time, period by period: every board is filled under a copy, page
     * by page of the point totals in account order (a province's four million workers never sit in memory at once),
     * then the copies are renamed over the boards. Updates that committed while the copies were filled are written
     * again afterwards (writes only raise), so none is lost in the swap.
     */
    Uni<RebuildReport> rebuild() {
        long started = System.nanoTime();
        return Panache.withSession(this::rebuildInSession)
                .invoke(() -> rebuilds.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    private Uni<RebuildReport> rebuildInSession() {
        Instant started = clock.instant();
        Instant lastWeek = started.minus(Duration.ofDays(7));
        Instant lastMonth = started.atZone(zone).minusMonths(1).toInstant();
        Set<String> labels = new LinkedHashSet<>(List.of(Periods.ALL_TIME, Periods.week(started, zone), Periods.month(started, zone),
                Periods.week(lastWeek, zone), Periods.month(lastMonth, zone)));
        labels.removeIf(label -> store.expired(label, started));
        int[] counts = new int[2];
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String label : labels) {
            // period by period: only one period's copies stand beside the live boards at a time
            chain = chain.chain(() -> {
                Set<String> met = new HashSet<>();
                return fillCopies(label, met, counts).chain(() -> store.swapCopies(label, met)).invoke(() -> counts[0] += met.size());
            });
        }
        return chain
                .chain(() -> catchUp(started.minusSeconds(5), labels))
                .chain(() -> store.set(LeaderboardKeys.MARKER, started.toString()))
                .map(v -> new RebuildReport(labels.size(), counts[0], counts[1], Duration.between(started, clock.instant()).toMillis()));
    }

    /**
     * Fills the copies of one period's boards from its point totals, a page at a time. A stream of pages, not a page's
     * step chaining the next: a chain of chains keeps every page's boards reachable until the last one completes (the
     * heap ran out at a province's size).
     */
    private Uni<Void> fillCopies(String label, Set<String> met, int[] counts) {
        long[] after = new long[1];
        return Multi.createBy().repeating()
                .uni(() -> nextPage(label, after[0])
                        .invoke(entries -> after[0] = entries.isEmpty() ? after[0] : entries.get(entries.size() - 1).accountId()))
                .whilst(entries -> entries.size() == page)
                .onItem().transformToUniAndConcatenate(entries -> {
                    counts[1] += entries.size();
                    return store.fillCopies(boards(entries), met);
                })
                .onItem().ignoreAsUni();
    }

    /**
     * The period's next page of point totals after the account, in the primary key's order. The bound is said of the
     * worker too: PostgreSQL carries equalities across a join, not ranges, and without it every page's merge join would
     * read the workers from the first (a province's rebuild quadratic in its size).
     */
    private Uni<List<BoardEntry>> nextPage(String label, long after) {
        return Panache.getSession().chain(s -> s.createNativeQuery(BoardEntry.SELECT
                + " where pt.period = :period and pt.account_id > :after and w.account_id > :after order by pt.account_id limit :page",
                Object[].class)
                .setParameter("period", label).setParameter("after", after).setParameter("page", page)
                .getResultList()).map(rows -> rows.stream().map(BoardEntry::of).toList());
    }

    private Uni<Void> catchUp(Instant since, Set<String> labels) {
        return Panache.getSession().chain(s -> s.createNativeQuery(BoardEntry.SELECT
                + " where pt.reached_at >= :since and pt.period in (:periods)", Object[].class)
                .setParameter("since", since).setParameter("periods", labels).getResultList())
                .map(rows -> rows.stream().map(BoardEntry::of).toList())
                .chain(store::write);
    }

    /** The entries' boards: key → members. */
    static Map<String, List<Member>> boards(List<BoardEntry> entries) {
        Map<String, List<Member>> boards = new HashMap<>();
        for (BoardEntry entry : entries) {
            double score = entry.score();
            entry.units().forEach((scope, unit) -> boards.computeIfAbsent(LeaderboardKeys.board(scope, unit, entry.period()),
                    k -> new ArrayList<>()).add(new Member(entry.accountId(), score)));
        }
        return boards;
    }

    /**
     * Once a night: the final top of every board of the last ended week and month goes to PostgreSQL (computed
     * there, from the same totals and in the same order as the boards), unless it is there already.
     */
    @Scheduled(cron = "0 5 0 * * ?", timeZone = "${app.zone:Asia/Shanghai}")
    Uni<Void> archiveEndedPeriods() {
        Instant now = clock.instant();
        return archive(Periods.week(now.minus(Duration.ofDays(7)), zone))
                .chain(() -> archive(Periods.month(now.atZone(zone).minusMonths(1).toInstant(), zone)))
                .replaceWithVoid();
    }

    /** Archives one period's top {@code app.leaderboard.archive-size} of every board; the number of rows written. */
    public Uni<Integer> archive(String label) {
        StringBuilder union = new StringBuilder();
        String[] columns = BoardUnits.COLUMNS.split(", ");
        for (Scope scope : Scope.values()) {
            String unit = columns[scope.ordinal()];
            union.append(union.isEmpty() ? "" : " union all ").append("select '").append(scope.name()).append(":' || ").append(unit)
                    .append(" as board, pt.account_id, pt.points, pt.reached_at, row_number() over (partition by ").append(unit)
                    .append(" order by pt.points desc, pt.reached_at, pt.account_id::text desc) as rank")
                    .append(" from point_total pt join worker w on w.account_id = pt.account_id").append(BoardUnits.JOINS)
                    .append(" where pt.period = :period and ").append(unit).append(" is not null");
        }
        String sql = "insert into leaderboard_archive (board, period, rank, account_id, points, reached_at)"
                + " select board, :period, rank, account_id, points, reached_at from (" + union + ") ranked where rank <= :size"
                + " on conflict do nothing";
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter("period", label).setParameter("size", archiveSize).executeUpdate()))
                .invoke(n -> LOG.infof("Archived %d leaderboard rows of %s", n, label));
    }
}
