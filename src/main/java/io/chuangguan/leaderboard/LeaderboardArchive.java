package io.chuangguan.leaderboard;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;
import io.chuangguan.leaderboard.LeaderboardViews.BoardView;
import io.chuangguan.leaderboard.LeaderboardViews.Entry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Final standings of ended weeks and months, as archived in PostgreSQL. */
@ApplicationScoped
public class LeaderboardArchive {

    private final WorkerDirectory directory;
    private final LeaderboardService leaderboards;

    public LeaderboardArchive(WorkerDirectory directory, LeaderboardService leaderboards) {
        this.directory = directory;
        this.leaderboards = leaderboards;
    }

    @WithSession
    public Uni<BoardView> history(Caller caller, Scope scope, Period period, String label, Long scopeId) {
        String pattern = period == Period.WEEK ? "\\d{4}-W\\d{2}" : "\\d{4}-\\d{2}";
        if (period == Period.ALL_TIME || label == null || !label.matches(pattern)) {
            return Uni.createFrom().failure(new DomainException(400, "validation", "Invalid request",
                    "History is kept for weeks (label 2026-W47) and months (label 2026-11)",
                    List.of(new Violation("label", period == Period.ALL_TIME ? "all-time boards have no history" : "must look like "
                            + (period == Period.WEEK ? "2026-W47" : "2026-11")))));
        }
        return leaderboards.unitOf(caller, scope, scopeId).chain(unit -> {
            String board = LeaderboardKeys.boardName(scope, unit);
            return Panache.getSession().chain(s -> s.createNativeQuery("select rank, account_id, points from leaderboard_archive"
                    + " where board = ?1 and period = ?2 order by rank", Object[].class)
                    .setParameter(1, board).setParameter(2, label).getResultList())
                    .chain(rows -> directory.cards(rows.stream().map(r -> ((Number) r[1]).longValue()).toList()).map(cards -> {
                        List<Entry> entries = new ArrayList<>();
                        for (Object[] r : rows) {
                            long id = ((Number) r[1]).longValue();
                            var card = cards.get(id);
                            entries.add(new Entry(((Number) r[0]).longValue(), id, card == null ? null : card.displayName(),
                                    card == null ? null : card.enterprise(), ((Number) r[2]).longValue()));
                        }
                        return new BoardView(board, scope, unit, period, label, entries.size(), entries);
                    }));
        });
    }
}
