package io.chuangguan.questionbank;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestPath;

import io.chuangguan.catalog.CatalogService;
import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.questionbank.ItemStatistics.ItemStatistic;
import io.smallrye.mutiny.Uni;

/** Item statistics of a trade's questions, for the trainers of its industry and system admins. */
@Path("/api/trades/{tradeId}/item-statistics")
public class ItemStatisticsResource {

    private final ItemStatistics statistics;
    private final CatalogService catalog;
    private final Caller caller;

    public ItemStatisticsResource(ItemStatistics statistics, CatalogService catalog, Caller caller) {
        this.statistics = statistics;
        this.catalog = catalog;
        this.caller = caller;
    }

    /** Every version of the trade's questions that was shown, hardest first; a trade outside the caller's industries is missing. */
    @GET
    @RolesAllowed({ Caller.TRAINER, Caller.SYSTEM_ADMIN })
    public Uni<List<ItemStatistic>> ofTrade(@RestPath long tradeId) {
        return catalog.trade(tradeId).invoke(trade -> {
            if (!caller.is(Caller.SYSTEM_ADMIN) && !caller.industryIds().contains(trade.industryId)) {
                throw DomainException.notFound("Trade", tradeId);
            }
        }).chain(trade -> statistics.ofTrade(tradeId));
    }
}
