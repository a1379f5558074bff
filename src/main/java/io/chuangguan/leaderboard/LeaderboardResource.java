package io.chuangguan.leaderboard;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.RetryLaterException;
import io.chuangguan.common.Violation;
import io.chuangguan.leaderboard.LeaderboardRebuilder.RebuildReport;
import io.chuangguan.leaderboard.LeaderboardViews.BoardView;
import io.chuangguan.leaderboard.LeaderboardViews.MyPlaceView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api")
public class LeaderboardResource {

    private final LeaderboardService leaderboards;
    private final LeaderboardRebuilder rebuilder;
    private final LeaderboardArchive archive;
    private final Caller caller;

    public LeaderboardResource(LeaderboardService leaderboards, LeaderboardRebuilder rebuilder, LeaderboardArchive archive,
            Caller caller) {
        this.leaderboards = leaderboards;
        this.rebuilder = rebuilder;
        this.archive = archive;
        this.caller = caller;
    }

    /** A page of a board; boards are public within the province. {@code limit} is at most 100. */
    @GET
    @Path("/leaderboards/{scope}/{period}")
    @Authenticated
    public Uni<BoardView> board(@RestPath String scope, @RestPath String period, @RestQuery Long scopeId,
            @RestQuery Long offset, @RestQuery Integer limit) {
        long from = offset == null ? 0 : offset;
        int size = limit == null ? 20 : limit;
        if (from < 0 || size < 1 || size > LeaderboardService.MAX_LIMIT) {
            throw new DomainException(400, "validation", "Invalid request", "offset must be 0 or more and limit 1 to 100",
                    List.of(new Violation(from < 0 ? "offset" : "limit", from < 0 ? "must be 0 or more" : "must be between 1 and 100")));
        }
        Scope s = parse(Scope.class, "scope", scope);
        Period p = parse(Period.class, "period", period);
        return whole(() -> leaderboards.board(caller, s, p, scopeId, from, size));
    }

    /** The caller's own place on a board of their units, with {@code around} neighbours each side (at most 50). */
    @GET
    @Path("/leaderboards/{scope}/{period}/me")
    @RolesAllowed(Caller.WORKER)
    public Uni<MyPlaceView> me(@RestPath String scope, @RestPath String period, @RestQuery Integer around) {
        int n = around == null ? 5 : around;
        if (n < 0 || n > 50) {
            throw new DomainException(400, "validation", "Invalid request", "around must be between 0 and 50",
                    List.of(new Violation("around", "must be between 0 and 50")));
        }
        Scope s = parse(Scope.class, "scope", scope);
        Period p = parse(Period.class, "period", period);
        return whole(() -> leaderboards.me(caller, s, p, n));
    }

    /** Final standings of an ended week or month, e.g. {@code label=2026-W47}. */
    @GET
    @Path("/leaderboards/{scope}/{period}/history")
    @Authenticated
    public Uni<BoardView> history(@RestPath String scope, @RestPath String period, @RestQuery String label, @RestQuery Long scopeId) {
        return archive.history(caller, parse(Scope.class, "scope", scope), parse(Period.class, "period", period), label, scopeId);
    }

    /** Rebuilds every board from PostgreSQL. */
    @POST
    @Path("/admin/leaderboards/rebuild")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    public Uni<RebuildReport> rebuild() {
        return rebuilder.rebuildIfFree();
    }

    /**
     * A read of whole boards only. Boards found partial (Redis lost its data) are rebuilt while the reader waits up
     * to {@value #REBUILD_WAIT_SECONDS} s, then read again; a Redis that does not answer, or a rebuild that takes
     * longer, is a 503 with Retry-After, never a page counted from a partial board.
     */
    private <T> Uni<T> whole(java.util.function.Supplier<Uni<T>> read) {
        return read.get()
                .onFailure(LeaderboardStore.BoardsMissing.class)
                .recoverWithUni(() -> rebuilder.awaitBoards(java.time.Duration.ofSeconds(REBUILD_WAIT_SECONDS)).chain(() -> read.get()))
                .onFailure(e -> !(e instanceof DomainException))
                .transform(e -> {
                    LOG.warnf("Board read failed, Redis did not answer: %s", e.toString());
                    return RetryLaterException.unavailable("boards-unavailable", "The leaderboards cannot be read now; try again shortly", 5);
                });
    }

    private static final int REBUILD_WAIT_SECONDS = 3;
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(LeaderboardResource.class);

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new DomainException(400, "validation", "Invalid request", "Unknown " + field + " " + value,
                    List.of(new Violation(field, "must be one of " + Arrays.toString(type.getEnumConstants()))));
        }
    }
}
