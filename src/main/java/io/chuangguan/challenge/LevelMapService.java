package io.chuangguan.challenge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.catalog.CatalogService;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.level.Level;
import io.chuangguan.level.LevelService;
import io.chuangguan.level.LevelView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** The caller's level map: the trade's levels with the caller's standing on each. */
@ApplicationScoped
public class LevelMapService {

    private final LevelService levels;
    private final CatalogService catalog;

    public LevelMapService(LevelService levels, CatalogService catalog) {
        this.levels = levels;
        this.catalog = catalog;
    }

    @WithSession
    public Uni<List<LevelView>> map(Caller caller, long tradeId) {
        if (caller.is(Caller.WORKER) && caller.tradeId() != null && caller.tradeId() != tradeId) {
            return Uni.createFrom().failure(DomainException.forbidden("This is the map of another trade than yours"));
        }
        long accountId = caller.accountId();
        // the map first, from the shared cache, before this request's session takes a connection: requests waiting for
        // one load while each holds a connection would leave none for the load
        return levels.map(tradeId).call(() -> catalog.trade(tradeId)).chain(map -> map.isEmpty()
                ? Uni.createFrom().item(List.<LevelView>of())
                : LevelProgress.<LevelProgress>list("accountId = ?1 and levelId in ?2", accountId, map.stream().map(l -> l.id).toList())
                        .map(progress -> views(map, progress.stream().collect(Collectors.toMap(p -> p.levelId, Function.identity())))));
    }

    /**
     * The first level is open; every other opens when the one before it is passed, and stays open once the worker
     * has progress on it (a map published later may put an unpassed level before it).
     */
    static List<LevelView> views(List<Level> map, Map<Long, LevelProgress> progress) {
        List<LevelView> views = new ArrayList<>();
        boolean previousPassed = true;
        for (Level level : map) {
            LevelProgress p = progress.get(level.id);
            boolean passed = p != null && p.passed();
            LevelView.Status status = passed ? LevelView.Status.PASSED
                    : previousPassed || p != null ? LevelView.Status.OPEN : LevelView.Status.LOCKED;
            boolean scored = p != null && p.bestAttemptId != null;
            views.add(new LevelView(level.id, level.mapOrder, level.name, level.grade, level.exam, status,
                    scored ? (int) p.bestScore : null, p == null ? 0 : p.stars,
                    p == null ? 0 : p.challengeAttempts + p.practiceAttempts, level.questionCount, level.timeLimitSeconds,
                    level.passMark));
            previousPassed = passed;
        }
        return views;
    }

    /** A worker's standing on these levels (levels never played are absent). */
    @WithSession
    public Uni<List<LevelProgress>> standings(long accountId, List<Long> levelIds) {
        if (levelIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return LevelProgress.list("accountId = ?1 and levelId in ?2", accountId, levelIds);
    }
}
