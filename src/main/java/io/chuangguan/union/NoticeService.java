package io.chuangguan.union;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Violation;
import io.chuangguan.union.UnitDirectory.Placed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Notices from a union to the workers of its scope (optionally one industry or trade). A notice is one row: a worker's
 * list matches notices by the worker's place, so a notice to a whole province costs one insert; the recipients are
 * counted when it is sent, the reads as they come.
 */
@ApplicationScoped
public class NoticeService {

    /** A link into the phone app: a path of its own, never another site. */
    static final Pattern LINK = Pattern.compile("^/[A-Za-z0-9/_-]{0,199}$");

    public record NewNotice(String title, String body, String link, Long industryId, Long tradeId) {
    }

    public record SentNotice(long id, String title, String body, String link, Instant sentAt, String sentBy, String audience, long recipients,
            long read) {
    }

    public record MyNotice(long id, String title, String body, String link, Instant sentAt, String from, boolean read) {
    }

    public record MyNotices(long unread, List<MyNotice> items) {
    }

    public record Created(long id, long recipients) {
    }

    /** Workers of the notice's audience: the condition on {@code wk}, {@code ep} and {@code t} (the worker's trade). */
    private static final String AUDIENCE = """
            ((n.scope_kind = 'E' and n.scope_id = wk.enterprise_id)
              or (n.scope_kind = 'R' and n.scope_id in (ep.county_id, ep.city_id, ep.province_id)))
            and (n.industry_id is null or n.industry_id = t.industry_id) and (n.trade_id is null or n.trade_id = wk.trade_id)""";

    private final Pool pool;
    private final UnitDirectory units;

    public NoticeService(Pool pool, UnitDirectory units) {
        this.pool = pool;
        this.units = units;
    }

    public Uni<Created> send(Caller caller, NewNotice request) {
        List<Violation> violations = new ArrayList<>();
        if (request.title() == null || request.title().isBlank() || request.title().length() > 60) {
            violations.add(new Violation("title", "must be 1 to 60 characters"));
        }
        if (request.body() == null || request.body().isBlank() || request.body().length() > 2000) {
            violations.add(new Violation("body", "must be 1 to 2000 characters"));
        }
        if (request.link() != null && !request.link().isBlank() && !LINK.matcher(request.link()).matches()) {
            violations.add(new Violation("link", "must be a path of the app, such as /levels/12"));
        }
        if (!violations.isEmpty()) {
            throw DomainException.unprocessable("The notice is not valid", violations);
        }
        return units.resolve(caller, null).chain(home -> checkAudience(request).chain(() -> pool.withTransaction(c -> c.preparedQuery("""
                insert into notice (title, body, link, scope_kind, scope_id, industry_id, trade_id, recipients, sent_by)
                values ($1, $2, $3, $4, $5, $6, $7, 0, $8) returning id""")
                .execute(Tuple.tuple().addValue(request.title().strip()).addValue(request.body().strip())
                        .addValue(request.link() == null || request.link().isBlank() ? null : request.link())
                        .addValue(home.unit().kind().letter()).addValue(home.unit().id()).addValue(request.industryId())
                        .addValue(request.tradeId()).addValue(caller.accountId()))
                .chain(rows -> {
                    long id = rows.iterator().next().getLong(0);
                    return c.preparedQuery("update notice n set recipients = (select count(*) from worker wk"
                            + " join enterprise_place ep on ep.enterprise_id = wk.enterprise_id join trade t on t.id = wk.trade_id where "
                            + AUDIENCE + ") where n.id = $1 returning recipients").execute(Tuple.of(id))
                            .map(r -> new Created(id, r.iterator().next().getInteger(0)));
                }))));
    }

    private Uni<Void> checkAudience(NewNotice request) {
        if (request.industryId() == null && request.tradeId() == null) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("select (select count(*) from industry where id = $1), (select industry_id from trade where id = $2)")
                .execute(Tuple.of(request.industryId(), request.tradeId())).map(rows -> {
                    Row r = rows.iterator().next();
                    if (request.industryId() != null && r.getLong(0) == 0) {
                        throw DomainException.unprocessable("The notice is not valid", List.of(new Violation("industryId", "no such industry")));
                    }
                    if (request.tradeId() != null && (r.getLong(1) == null
                            || request.industryId() != null && !r.getLong(1).equals(request.industryId()))) {
                        throw DomainException.unprocessable("The notice is not valid",
                                List.of(new Violation("tradeId", "no such trade" + (request.industryId() != null ? " in the industry" : ""))));
                    }
                    return null;
                });
    }

    /** The notices the caller's unit sent, newest first, with how many received and read them. */
    public Uni<PageView<SentNotice>> sent(Caller caller, Paging paging) {
        return units.resolve(caller, null).chain(home -> {
            Tuple scope = Tuple.of(home.unit().kind().letter(), home.unit().id());
            Uni<Long> total = pool.preparedQuery("select count(*) from notice where scope_kind = $1 and scope_id = $2").execute(scope)
                    .map(r -> r.iterator().next().getLong(0));
            Uni<List<SentNotice>> items = pool.preparedQuery("""
                    select n.id, n.title, n.body, n.link, n.sent_at, a.display_name, i.name, t.name, n.recipients, n.reads
                    from notice n join account a on a.id = n.sent_by left join industry i on i.id = n.industry_id
                    left join trade t on t.id = n.trade_id
                    where n.scope_kind = $1 and n.scope_id = $2 order by n.sent_at desc, n.id desc limit $3 offset $4""")
                    .execute(Tuple.of(home.unit().kind().letter(), home.unit().id(), paging.size(), paging.offset())).map(rows -> {
                        List<SentNotice> list = new ArrayList<>();
                        rows.forEach(r -> list.add(new SentNotice(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getOffsetDateTime(4).toInstant(), r.getString(5), audience(home, r.getString(6), r.getString(7)),
                                r.getInteger(8), r.getInteger(9))));
                        return list;
                    });
            return Uni.combine().all().unis(total, items).asTuple().map(t -> new PageView<>(t.getItem2(), t.getItem1(), paging.page(),
                    paging.size()));
        });
    }

    private static String audience(Placed home, String industry, String trade) {
        return home.unit().name() + (trade != null ? " · " + trade : industry != null ? " · " + industry : " · 全体职工");
    }

    /** A worker's notices, newest 50, and how many are unread. */
    public Uni<MyNotices> mine(long accountId) {
        Uni<Long> unread = pool.preparedQuery("""
                select count(*) from worker wk join enterprise_place ep on ep.enterprise_id = wk.enterprise_id
                join trade t on t.id = wk.trade_id join notice n on """ + AUDIENCE + """

                where wk.account_id = $1
                  and not exists (select 1 from notice_read nr where nr.notice_id = n.id and nr.account_id = wk.account_id)""")
                .execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0));
        Uni<List<MyNotice>> latest = pool.preparedQuery("""
                select n.id, n.title, n.body, n.link, n.sent_at, coalesce(r.name || '总工会', e.name || '工会'), exists (
                           select 1 from notice_read nr where nr.notice_id = n.id and nr.account_id = wk.account_id)
                from worker wk join enterprise_place ep on ep.enterprise_id = wk.enterprise_id join trade t on t.id = wk.trade_id
                join notice n on """ + AUDIENCE + """

                left join region r on n.scope_kind = 'R' and r.id = n.scope_id
                left join enterprise e on n.scope_kind = 'E' and e.id = n.scope_id
                where wk.account_id = $1 order by n.sent_at desc, n.id desc limit 50""").execute(Tuple.of(accountId)).map(rows -> {
                    List<MyNotice> items = new ArrayList<>();
                    rows.forEach(r -> items.add(new MyNotice(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                            r.getOffsetDateTime(4).toInstant(), r.getString(5), r.getBoolean(6))));
                    return items;
                });
        return Uni.combine().all().unis(unread, latest).asTuple().map(t -> new MyNotices(t.getItem1(), t.getItem2()));
    }

    /** Marks a notice the worker received as read (once; 404 for a notice not meant for them). */
    public Uni<Void> markRead(long accountId, long noticeId) {
        return pool.preparedQuery("""
                insert into notice_read (notice_id, account_id)
                select n.id, wk.account_id from worker wk join enterprise_place ep on ep.enterprise_id = wk.enterprise_id
                join trade t on t.id = wk.trade_id join notice n on n.id = $2 and """ + AUDIENCE + """

                where wk.account_id = $1
                on conflict do nothing returning notice_id""").execute(Tuple.of(accountId, noticeId)).chain(rows -> rows.size() > 0
                        ? pool.preparedQuery("update notice set reads = reads + 1 where id = $1").execute(Tuple.of(noticeId)).replaceWithVoid()
                        : pool.preparedQuery("select 1 from notice_read where notice_id = $1 and account_id = $2")
                                .execute(Tuple.of(noticeId, accountId)).map(found -> {
                                    if (found.size() == 0) {
                                        throw DomainException.notFound("Notice", noticeId);
                                    }
                                    return null;
                                }));
    }
}
