package io.chuangguan.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chuangguan.common.AppConfig;
import io.chuangguan.contest.ContestDraw;
import io.chuangguan.contest.ContestResults;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The demo's contests, both of 济南市's steelmakers: one open for registration that the demo worker can enter, and a
 * team contest of the two steel enterprises that ended four weeks ago: rosters frozen and hashed, the seed committed
 * and revealed, members drawn (the demo worker named by their unit), runs, placings and team means, so the draw page,
 * the results, the analysis and the follow-up practice show something on the first start. Loaded once (by name).
 */
@ApplicationScoped
public class DemoContests {

    private static final Logger LOG = Logger.getLogger(DemoContests.class);
    static final String OPEN = "济南市第三届炼钢工职业技能竞赛";
    static final String FINISHED = "济南市炼钢工班组对抗赛（秋季）";
    private static final String CITY_AND_TRADE = "(select id from region where code = '" + DemoDataLoader.DEMO_CITY + "'),"
            + " (select id from trade where code = 'STEELMAKER')";

    private final Pool pool;
    private final ZoneId zone;
    private final ContestResults results;

    public DemoContests(Pool pool, AppConfig config, ContestResults results) {
        this.pool = pool;
        this.zone = config.zone();
        this.results = results;
    }

    public Uni<Void> load() {
        LocalDate today = LocalDate.now(zone);
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(20260017)").execute()
                .chain(() -> tx.preparedQuery("select name from contest where name = any($1)").execute(Tuple.of((Object) new String[] { OPEN, FINISHED })))
                .chain(existing -> {
                    List<String> names = new ArrayList<>();
                    existing.forEach(r -> names.add(r.getString(0)));
                    Uni<Void> open = names.contains(OPEN) ? Uni.createFrom().voidItem() : openContest(tx, today);
                    return open.chain(() -> names.contains(FINISHED) ? Uni.createFrom().voidItem() : finishedContest(tx, today));
                })).invoke(() -> LOG.info("Demo contests loaded"));
    }

    private Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(zone).toInstant();
    }

    /** A city contest in registration, starting in six days; its paper is composed (and so withheld from levels). */
    private Uni<Void> openContest(SqlClient tx, LocalDate today) {
        return tx.preparedQuery("""
                insert into contest (name, tier, organiser_kind, organiser_id, trade_id, format, registration_opens, registration_closes,
                                     starts_at, ends_at, duration_seconds, attempts_allowed, qualify_count, promote_top, phase, created_by)
                values ($1, 'CITY', 'R', """ + CITY_AND_TRADE + """
                , 'INDIVIDUAL', $2, $3, $4, $5, 1800, 1, 10, 3, 'REGISTRATION',
                        (select id from account where phone = $6)) returning id""")
                .execute(Tuple.of(OPEN, utc(at(today.minusDays(2), 9)), utc(at(today.plusDays(5), 18)), utc(at(today.plusDays(6), 9)),
                        utc(at(today.plusDays(6), 11)), DemoDataLoader.DEMO_UNION_ADMIN))
                .chain(rows -> paper(tx, rows.iterator().next().getLong(0), 0));
    }

    /** Twenty single, multiple and true/false questions of the steelmakers' learning pool, every fifth from {@code offset}. */
    private static Uni<Void> paper(SqlClient tx, long contestId, int offset) {
        return tx.preparedQuery("""
                insert into contest_paper (contest_id, position, question_id, version_id)
                select $1, (row_number() over (order by q.id) - 1)::smallint, q.id, q.version_id
                from (select q.id, v.id as version_id, row_number() over (order by q.id) as n
                      from question q join trade t on t.id = q.trade_id
                      join question_version v on v.question_id = q.id and v.status = 'PUBLISHED' and v.type in ('SINGLE', 'MULTIPLE', 'TRUE_FALSE')
                      where t.code = 'STEELMAKER' and q.pool = 'LEARNING') q
                where q.n % 5 = $2
                order by q.id limit 20""").execute(Tuple.of(contestId, offset)).replaceWithVoid();
    }

    /**
     * The team contest that ended 28 days ago, written as its phases would have left it: the teams of the city's two
     * steel enterprises, their steelmakers' rosters hashed, the seed's commitment, the demo worker named by their unit,
     * three members drawn per team by {@link ContestDraw}, the runs (one drawn member did not show up), the placings.
     */
    private Uni<Void> finishedContest(SqlClient tx, LocalDate today) {
        LocalDate day = today.minusDays(28);
        String seed = ContestDraw.newSeed();
        return tx.preparedQuery("""
                insert into contest (name, tier, organiser_kind, organiser_id, trade_id, format, registration_opens, registration_closes,
                                     starts_at, ends_at, duration_seconds, attempts_allowed, qualify_count, promote_top, team_drawn,
                                     team_named, phase, seed, seed_commitment, closed_at, drawn_at, finalised_at, created_by)
                values ($1, 'CITY', 'R', """ + CITY_AND_TRADE + """
                , 'TEAM', $2, $3, $4, $5, 1800, 1, 3, 0, 3, 1, 'FINAL', $6, $7, $3, $8, $9,
                        (select id from account where phone = $10)) returning id""")
                .execute(Tuple.from(List.of(FINISHED, utc(at(day.minusDays(14), 9)), utc(at(day.minusDays(2), 18)), utc(at(day, 9)),
                        utc(at(day, 11)), seed, ContestDraw.commitment(seed), utc(at(day.minusDays(1), 10)), utc(at(day, 15)),
                        DemoDataLoader.DEMO_UNION_ADMIN)))
                .map(rows -> rows.iterator().next().getLong(0))
                .call(id -> paper(tx, id, 2))
                .call(id -> tx.preparedQuery("""
                        insert into contest_team (contest_id, enterprise_id, registered_by)
                        select $1, e.id, (select id from account where phone = $2) from enterprise e
                        where e.name in ('济南鲁钢特钢有限公司', '莱芜泰和型钢有限公司')""").execute(Tuple.of(id, DemoDataLoader.DEMO_UNION_ADMIN)))
                .call(id -> tx.preparedQuery("""
                        insert into contest_roster (contest_id, enterprise_id, account_id, named)
                        select t.contest_id, t.enterprise_id, w.account_id, a.phone = $2
                        from contest_team t join worker w on w.enterprise_id = t.enterprise_id
                        join trade tr on tr.id = w.trade_id and tr.code = 'STEELMAKER' join account a on a.id = w.account_id
                        where t.contest_id = $1""").execute(Tuple.of(id, DemoDataLoader.DEMO_WORKER)))
                .call(id -> tx.preparedQuery("""
                        select enterprise_id, array_agg(account_id order by account_id),
                               coalesce(array_agg(account_id order by account_id) filter (where not named), '{}')
                        from contest_roster where contest_id = $1 group by 1""").execute(Tuple.of(id)).chain(teams -> {
                            Uni<Void> writes = Uni.createFrom().voidItem();
                            for (Row r : teams) {
                                long enterprise = r.getLong(0);
                                List<Long> roster = List.of(r.getArrayOfLongs(1));
                                List<Long> drawn = ContestDraw.draw(seed, enterprise, List.of(r.getArrayOfLongs(2)), 3);
                                writes = writes.call(() -> tx.preparedQuery("update contest_team set roster_size = $3, roster_hash = $4"
                                        + " where contest_id = $1 and enterprise_id = $2")
                                        .execute(Tuple.of(id, enterprise, roster.size(), ContestDraw.rosterHash(roster))))
                                        .call(() -> tx.preparedQuery("update contest_roster set drawn = true where contest_id = $1"
                                                + " and account_id = any($2)").execute(Tuple.of(id, drawn.toArray(Long[]::new))))
                                        .replaceWithVoid();
                            }
                            return writes;
                        }))
                .call(id -> tx.preparedQuery("""
                        insert into contest_entry (contest_id, account_id, enterprise_id, run_no, status, seed, started_at, expires_at,
                                                   question_ids, version_ids, option_orders, selected, correct, score, correct_count,
                                                   elapsed_ms, submitted_at)
                        select $1, m.account_id, m.enterprise_id, 1, 'SUBMITTED', m.account_id, $2::timestamptz + m.lag,
                               $2::timestamptz + m.lag + interval '30 minutes', r.questions, r.versions, r.orders, r.selected, r.correct,
                               round(100.0 * r.right_count / r.total)::smallint, r.right_count::smallint,
                               (600000 + abs(hashtext(m.account_id::text)) % 1100000)::int,
                               $2::timestamptz + m.lag + (600 + abs(hashtext(m.account_id::text)) % 1100) * interval '1 second'
                        from (select x.account_id, x.enterprise_id, (abs(hashtext('lag' || x.account_id)) % 300) * interval '1 second' as lag,
                                     40 + abs(hashtext('skill' || x.account_id)) % 55 as skill,
                                     row_number() over (partition by x.enterprise_id order by x.named desc, x.account_id) as n
                              from contest_roster x where x.contest_id = $1 and (x.named or x.drawn)) m
                        cross join lateral (
                            select array_agg(p.question_id order by p.position) as questions, array_agg(p.version_id order by p.position) as versions,
                                   array_agg(o.natural order by p.position) as orders,
                                   array_agg(case when o.right then v.correct_keys
                                                  when v.correct_keys like '%A%' then 'B' else 'A' end order by p.position) as selected,
                                   array_agg(o.right order by p.position) as correct,
                                   count(*) filter (where o.right) as right_count, count(*) as total
                            from contest_paper p join question_version v on v.id = p.version_id
                            cross join lateral (select array_to_string(array(select chr(64 + i)
                                                    from generate_series(1, json_array_length(v.options::json)) i), ',') as natural,
                                                abs(hashtext(m.account_id || ':' || p.position)) % 100 < m.skill as right) o
                            where p.contest_id = $1) r
                        -- a team of four (the demo worker's) has a no-show: its last drawn member
                        where m.n < 4""").execute(Tuple.of(id, utc(at(day, 9)))))
                .call(id -> tx.preparedQuery(ContestResults.PLACINGS).execute(Tuple.of(id, 3)))
                .call(id -> tx.preparedQuery(ContestResults.TEAM_PLACINGS).execute(Tuple.of(id)))
                .call(id -> results.award(tx, id, day.getYear(), 3))
                .replaceWithVoid();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }
}
