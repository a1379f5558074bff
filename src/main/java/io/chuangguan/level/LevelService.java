package io.chuangguan.level;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.DomainException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Level definitions: the maps of the trades. Progress on them belongs to the challenge feature. */
@ApplicationScoped
public class LevelService {

    @WithSession
    public Uni<Level> level(long id) {
        return Level.<Level>findById(id).onItem().ifNull().failWith(() -> DomainException.notFound("Level", id));
    }

    /** The trade's map, in order. */
    @WithSession
    public Uni<List<Level>> map(long tradeId) {
        return Level.list("tradeId", Sort.by("mapOrder"), tradeId);
    }

    /** The level before this one in its map, or null for the first. */
    @WithSession
    public Uni<Level> previous(Level level) {
        return Level.<Level>find("tradeId = ?1 and mapOrder < ?2", Sort.descending("mapOrder"), level.tradeId, level.mapOrder)
                .firstResult();
    }

    /** The level after this one in its map, or null for the last. */
    @WithSession
    public Uni<Level> next(Level level) {
        return Level.<Level>find("tradeId = ?1 and mapOrder > ?2", Sort.ascending("mapOrder"), level.tradeId, level.mapOrder)
                .firstResult();
    }
}
