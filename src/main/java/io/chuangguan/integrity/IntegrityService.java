package io.chuangguan.integrity;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Timestamps;
import io.chuangguan.integrity.IntegrityViews.FlagView;
import io.chuangguan.integrity.IntegrityViews.Review;
import io.chuangguan.organization.OrganizationService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Integrity flags for the people who decide: a union admin sees those of the workers in their scope. */
@ApplicationScoped
public class IntegrityService {

    private static final String FLAG_COLUMNS = """
            f.id, f.kind, f.status, f.account_id, a.display_name, e.name, f.attempt_id, l.name, f.detail, f.raised_at,
            f.reviewed_by, f.reviewed_at, f.note""";
    private static final String FLAG_FROM = """
             from integrity_flag f
             join account a on a.id = f.account_id
             join worker w on w.account_id = f.account_id
             join enterprise e on e.id = w.enterprise_id
             join region county on county.id = e.region_id
             join region city on city.id = county.parent_id
             left join attempt t on t.id = f.attempt_id
             left join level l on l.id = t.level_id
            """;

    private final OrganizationService organizations;
    private final Clock clock;

    public IntegrityService(OrganizationService organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
    }

    /** Flags in the caller's scope, newest first; {@code status} OPEN, CLEARED or CONFIRMED (all when null). */
    @WithSession
    public Uni<PageView<FlagView>> flags(Caller caller, String status, Long workerId, Paging paging) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.append(" and f.status = :status");
            params.put("status", status);
        }
        if (workerId != null) {
            where.append(" and f.account_id = :worker");
            params.put("worker", workerId);
        }
        OrganizationService.narrowToScope(caller, where, params);
        return Panache.getSession().chain(s -> {
            var count = s.createNativeQuery("select count(*)" + FLAG_FROM + where, Long.class);
            var page = s.createNativeQuery("select " + FLAG_COLUMNS + FLAG_FROM + where + " order by f.raised_at desc, f.id desc"
                    + " limit " + paging.size() + " offset " + paging.offset(), Object[].class);
            params.forEach((k, v) -> {
                count.setParameter(k, v);
                page.setParameter(k, v);
            });
            return count.getSingleResult().chain(total -> page.getResultList()
                    .map(rows -> new PageView<>(rows.stream().map(IntegrityService::view).toList(), total, paging.page(), paging.size())));
        });
    }

    /**
     * Workers' open and confirmed flags (the newest 50 each), for the review of their promotions; the caller's scope
     * is checked there.
     */
    @WithSession
    public Uni<Map<Long, List<FlagView>>> standingFlags(java.util.Collection<Long> workerIds) {
        if (workerIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("select " + FLAG_COLUMNS + FLAG_FROM
                + " where f.account_id in (:workers) and f.status <> 'CLEARED' order by f.raised_at desc", Object[].class)
                .setParameter("workers", workerIds).getResultList()).map(rows -> {
                    Map<Long, List<FlagView>> flags = new HashMap<>();
                    for (Object[] row : rows) {
                        List<FlagView> own = flags.computeIfAbsent(((Number) row[3]).longValue(), k -> new java.util.ArrayList<>());
                        if (own.size() < 50) {
                            own.add(view(row));
                        }
                    }
                    return flags;
                });
    }

    /** Clears or confirms an open flag of a worker in scope; 409 when it was reviewed already. Audited. */
    @WithSession
    public Uni<FlagView> review(Caller caller, long flagId, Review decision, String note) {
        return Panache.withTransaction(() -> reviewInTransaction(caller, flagId, decision, note));
    }

    private Uni<FlagView> reviewInTransaction(Caller caller, long flagId, Review decision, String note) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select f.status, w.enterprise_id, f.account_id from integrity_flag f"
                + " join worker w on w.account_id = f.account_id where f.id = ?1 for update of f", Object[].class)
                .setParameter(1, flagId).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().failure(DomainException.notFound("Integrity flag", flagId));
                    }
                    Object[] row = rows.get(0);
                    if (((Number) row[2]).longValue() == caller.accountId()) {
                        return Uni.createFrom().failure(DomainException.forbidden("Nobody reviews their own flags"));
                    }
                    return organizations.enterpriseInScope(caller, ((Number) row[1]).longValue(),
                            () -> DomainException.notFound("Integrity flag", flagId)).chain(inScope -> {
                        if (!"OPEN".equals(row[0])) {
                            return Uni.createFrom().failure(DomainException.conflict("already-reviewed",
                                    "This flag was reviewed already (" + row[0] + ")"));
                        }
                        String status = decision == Review.CLEAR ? "CLEARED" : "CONFIRMED";
                        return Panache.getSession().chain(s -> s.createNativeQuery("""
                                with reviewed as (
                                    update integrity_flag set status = ?1, reviewed_by = ?2, reviewed_at = ?3, note = ?4 where id = ?5
                                    returning id)
                                insert into audit_log (actor_id, action, subject, detail)
                                select ?2, ?6, 'integrity_flag:' || id, ?4 from reviewed""")
                                .setParameter(1, status).setParameter(2, caller.accountId()).setParameter(3, clock.instant())
                                .setParameter(4, note == null ? "" : note).setParameter(5, flagId)
                                .setParameter(6, "FLAG_" + status).executeUpdate());
                    });
                })
                .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("select " + FLAG_COLUMNS + FLAG_FROM + " where f.id = ?1",
                        Object[].class).setParameter(1, flagId).getSingleResult()))
                .map(IntegrityService::view);
    }

    private static FlagView view(Object[] r) {
        return new FlagView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).longValue(), (String) r[4],
                (String) r[5], r[6] == null ? null : ((Number) r[6]).longValue(), (String) r[7], (String) r[8],
                Timestamps.instant(r[9]), r[10] == null ? null : ((Number) r[10]).longValue(),
                r[11] == null ? null : Timestamps.instant(r[11]), (String) r[12]);
    }
}
