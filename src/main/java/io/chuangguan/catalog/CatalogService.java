package io.chuangguan.catalog;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.catalog.CatalogViews.IndustryView;
import io.chuangguan.catalog.CatalogViews.TradeView;
import io.chuangguan.common.DomainException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CatalogService {

    @WithSession
    public Uni<List<IndustryView>> industries() {
        return Industry.<Industry>listAll(io.quarkus.panache.common.Sort.by("code"))
                .chain(industries -> Trade.<Trade>listAll(io.quarkus.panache.common.Sort.by("code"))
                        .map(trades -> {
                            Map<Long, List<TradeView>> byIndustry = trades.stream().collect(
                                    Collectors.groupingBy(t -> t.industryId, Collectors.mapping(TradeView::of, Collectors.toList())));
                            return industries.stream()
                                    .map(i -> new IndustryView(i.id, i.code, i.name, byIndustry.getOrDefault(i.id, List.of())))
                                    .toList();
                        }));
    }

    @WithSession
    public Uni<Trade> trade(long id) {
        return Trade.<Trade>findById(id).onItem().ifNull().failWith(() -> DomainException.notFound("Trade", id));
    }

    @WithSession
    public Uni<List<Industry>> industriesByIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Industry.list("id in ?1", io.quarkus.panache.common.Sort.by("code"), ids);
    }
}
