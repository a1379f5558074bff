package io.chuangguan.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chuangguan.common.AppConfig;
import io.chuangguan.common.Periods;
import io.chuangguan.identity.PasswordHasher;
import io.chuangguan.leaderboard.LeaderboardRebuilder;
import io.chuangguan.union.ActivityRollup;
import io.chuangguan.organization.CreditCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Loads the demo province (cities, counties, industries, trades, enterprises, teams, workers and the four demo
 * accounts) when {@code app.demo.enabled}. Every row is keyed by a natural key and inserted with
 * {@code on conflict do nothing}, so loading twice changes nothing.
 */
@ApplicationScoped
public class DemoDataLoader {

    public static final String DEMO_PASSWORD = "Demo@2026";
    public static final String DEMO_WORKER = "13900000001";
    public static final String DEMO_TRAINER = "13900000002";
    public static final String DEMO_UNION_ADMIN = "13900000003";
    public static final String DEMO_SYSTEM_ADMIN = "13900000004";
    /** A 炼钢工 at grade 5 who has passed everything up to the last grade-4 exam level. */
    public static final String DEMO_ALMOST_GRADE_4 = "13900000005";
    /** The province's union: sets the cities' targets and sees the whole province. */
    public static final String DEMO_PROVINCE_ADMIN = "13900000007";
    /** A second steel trainer: questions need a reviewer who did not write them. */
    public static final String DEMO_REVIEWER = "13900000006";
    /** Index of the last level that worker passed: the map's 10th level, one before grade 4's second exam. */
    private static final int ALMOST_GRADE_4_LAST_PASSED = 9;
    /** The demo worker's enterprise and city: the demo union admin looks after that city. */
    static final String DEMO_ENTERPRISE = "济南鲁钢特钢有限公司";
    static final String DEMO_CITY = "370100";

    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);
    private static final Map<String, Integer> WORKERS_PER_SIZE = Map.of("LARGE", 16, "MEDIUM", 8, "SMALL", 4, "MICRO", 2);
    private static final String SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤";
    private static final String[] GIVEN = { "建国", "建华", "志强", "志刚", "海涛", "海燕", "红梅", "秀英", "立新", "卫东", "永强", "玉兰",
        "国庆", "桂英", "文博", "晓东", "晓燕", "明辉", "春生", "东升", "淑芬", "德胜", "宏伟", "丽娟", "振华", "金山", "长青", "新民", "庆丰",
        "光明", "学军", "凤英", "树林", "广才", "成刚", "少华", "继红", "福林", "开元", "思远", "浩然", "子轩", "雨桐", "嘉怡", "鹏飞", "俊杰" };

    private final AppConfig config;
    private final PasswordHasher hasher;
    private final ObjectMapper json;
    private final DemoQuestionBank banks;
    private final LeaderboardRebuilder leaderboards;
    private final ActivityRollup rollup;
    private final DemoContests contests;

    public DemoDataLoader(AppConfig config, PasswordHasher hasher, ObjectMapper json, DemoQuestionBank banks,
            LeaderboardRebuilder leaderboards, ActivityRollup rollup, DemoContests contests) {
        this.contests = contests;
        this.config = config;
        this.hasher = hasher;
        this.json = json;
        this.banks = banks;
        this.leaderboards = leaderboards;
        this.rollup = rollup;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (config.demo().enabled()) {
            // the union's figures at once, not at the roll-up job's first run
            VertxContextSupport.subscribeAndAwait(() -> load().chain(this::refreshBoards).chain(contests::load).chain(() -> rollup.refresh(1_000))
                    .invoke(folded -> LOG.infof("Union figures rolled up over %d attempts", folded)).replaceWithVoid());
        }
    }

    /** One transaction; an advisory lock keeps two instances starting together from loading at once. */
    public Uni<Void> load() {
        DemoOrganisations demo = read();
        LocalDate today = LocalDate.now(config.zone());
        return hasher.hash(DEMO_PASSWORD).chain(hash -> Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            Sql sql = new Sql(session);
            sql.run("select pg_advisory_xact_lock(20260001)");
            loadOrganisations(sql, demo);
            loadDemoAccounts(sql, hash, today);
            List<DemoHistory.Worker> players = new ArrayList<>(loadWorkers(sql, demo, hash, today));
            players.add(new DemoHistory.Worker(DEMO_ALMOST_GRADE_4, "STEELMAKER", DEMO_CITY));
            Map<String, List<String>> points = new java.util.TreeMap<>();
            DemoQuestionBank.BANKS.keySet().stream().sorted().forEach(trade -> points.put(trade, loadQuestionBank(sql, trade)));
            loadAuthoringSamples(sql);
            loadUnionWork(sql, hash, demo.province().code(), today);
            // history only for the demo workers who have none yet, so loading stays idempotent
            return sql.execute().chain(() -> session.createNativeQuery("select distinct acc.phone from attempt a join account acc"
                    + " on acc.id = a.account_id where acc.phone like '1390001%' or acc.phone = ?1", String.class)
                    .setParameter(1, DEMO_ALMOST_GRADE_4).getResultList())
                    .chain(played -> {
                        List<DemoHistory.Worker> fresh = players.stream().filter(p -> !played.contains(p.phone())).toList();
                        return fresh.isEmpty() ? Uni.createFrom().voidItem()
                                : loadHistory(session, DemoHistory.plan(fresh, DemoHistory.maps(points),
                                        Map.of(DEMO_ALMOST_GRADE_4, ALMOST_GRADE_4_LAST_PASSED), Instant.now(), config.zone()));
                    })
                    .chain(() -> loadPromotionRecords(session));
        }))).invoke(() -> LOG.infof("Demo data loaded: province %s, %d enterprises, question banks and level maps for %s;"
                + " demo logins %s..%s / %s", demo.province().name(), demo.enterprises().size(),
                DemoQuestionBank.BANKS.keySet(), DEMO_WORKER, DEMO_REVIEWER, DEMO_PASSWORD));
    }

    private void loadOrganisations(Sql sql, DemoOrganisations demo) {
        sql.run("insert into region (parent_id, level, code, name) values (null, 'PROVINCE', ?1, ?2) on conflict (code) do nothing",
                demo.province().code(), demo.province().name());
        for (DemoOrganisations.City city : demo.cities()) {
            sql.run("insert into region (parent_id, level, code, name) select id, 'CITY', ?1, ?2 from region where code = ?3"
                    + " on conflict (code) do nothing", city.code(), city.name(), demo.province().code());
            for (List<String> county : city.counties()) {
                sql.run("insert into region (parent_id, level, code, name) select id, 'COUNTY', ?1, ?2 from region where code = ?3"
                        + " on conflict (code) do nothing", county.get(0), county.get(1), city.code());
            }
        }
        for (DemoOrganisations.IndustryEntry industry : demo.industries()) {
            sql.run("insert into industry (code, name) values (?1, ?2) on conflict (code) do nothing", industry.code(), industry.name());
            for (List<String> trade : industry.trades()) {
                sql.run("insert into trade (industry_id, code, name) select id, ?1, ?2 from industry where code = ?3"
                        + " on conflict (code) do nothing", trade.get(0), trade.get(1), industry.code());
            }
        }
        for (int i = 0; i < demo.enterprises().size(); i++) {
            DemoOrganisations.EnterpriseEntry e = demo.enterprises().get(i);
            String credit = creditCode(e.county(), i);
            sql.run("insert into enterprise (name, credit_code, region_id, industry_id, size_class)"
                    + " select ?1, ?2, r.id, i.id, ?3 from region r, industry i where r.code = ?4 and i.code = ?5"
                    + " on conflict (credit_code) do nothing", e.name(), credit, e.size(), e.county(), e.industry());
            for (List<String> team : e.teams()) {
                sql.run("insert into team (enterprise_id, name) select id, ?1 from enterprise where credit_code = ?2"
                        + " on conflict (enterprise_id, name) do nothing", team.get(0), credit);
            }
        }
    }

    private void loadDemoAccounts(Sql sql, String hash, LocalDate today) {
        account(sql, DEMO_WORKER, "王志强", hash, "WORKER");
        worker(sql, DEMO_WORKER, DEMO_ENTERPRISE, "炼钢一班", "STEELMAKER", today.minusYears(2));
        account(sql, DEMO_TRAINER, "李秀英", hash, "TRAINER");
        sql.run("insert into trainer_industry (account_id, industry_id) select a.id, i.id from account a, industry i"
                + " where a.phone = ?1 and i.code = 'STEEL' on conflict do nothing", DEMO_TRAINER);
        account(sql, DEMO_REVIEWER, "赵建国", hash, "TRAINER");
        sql.run("insert into trainer_industry (account_id, industry_id) select a.id, i.id from account a, industry i"
                + " where a.phone = ?1 and i.code = 'STEEL' on conflict do nothing", DEMO_REVIEWER);
        account(sql, DEMO_UNION_ADMIN, "刘卫东", hash, "UNION_ADMIN");
        sql.run("update account set scope_region_id = (select id from region where code = ?1)"
                + " where phone = ?2 and scope_region_id is null", DEMO_CITY, DEMO_UNION_ADMIN);
        account(sql, DEMO_SYSTEM_ADMIN, "陈静", hash, "SYSTEM_ADMIN");
        account(sql, DEMO_ALMOST_GRADE_4, "张海涛", hash, "WORKER");
        worker(sql, DEMO_ALMOST_GRADE_4, DEMO_ENTERPRISE, "炼钢二班", "STEELMAKER", today.minusYears(6));
        sql.run("insert into worker_grade (account_id, trade_id, grade, obtained_on) select w.account_id, w.trade_id, 5, ?1"
                + " from worker w join account a on a.id = w.account_id where a.phone = ?2 on conflict do nothing",
                today.minusYears(3), DEMO_ALMOST_GRADE_4);
    }

    /** About 200 workers, more in larger enterprises, with deterministic names, trades, seniority and grades. */
    private List<DemoHistory.Worker> loadWorkers(Sql sql, DemoOrganisations demo, String hash, LocalDate today) {
        List<DemoHistory.Worker> players = new ArrayList<>();
        Random random = new Random(2026);
        int serial = 0;
        for (DemoOrganisations.EnterpriseEntry e : demo.enterprises()) {
            int count = WORKERS_PER_SIZE.get(e.size());
            for (int n = 0; n < count; n++) {
                List<String> team = e.teams().get(n % e.teams().size());
                String phone = "139" + String.format("%08d", 10001 + serial++);
                String name = SURNAMES.charAt(random.nextInt(SURNAMES.length())) + GIVEN[random.nextInt(GIVEN.length)];
                LocalDate since = today.minusDays(365L + random.nextInt(365 * 24));
                account(sql, phone, name, hash, "WORKER");
                worker(sql, phone, e.name(), team.get(0), team.get(1), since);
                if (DemoQuestionBank.BANKS.containsKey(team.get(1))) {
                    players.add(new DemoHistory.Worker(phone, team.get(1), e.county().substring(0, 4) + "00"));
                }
                int years = since.until(today).getYears();
                int best = years >= 15 ? 1 : years >= 11 ? 2 : years >= 7 ? 3 : years >= 3 ? 4 : 5;
                if (random.nextInt(10) < 7) {
                    int grade = best + random.nextInt(6 - best);
                    LocalDate obtained = today.minusDays(30L + random.nextInt(Math.max(1, 365 * Math.min(years, 4))));
                    sql.run("insert into worker_grade (account_id, trade_id, grade, obtained_on)"
                            + " select w.account_id, w.trade_id, ?1, ?2 from worker w join account a on a.id = w.account_id"
                            + " where a.phone = ?3 on conflict do nothing", (short) grade, obtained, phone);
                }
            }
        }
        return players;
    }

    /**
     * Archives the ended weeks and months of the demo history and rebuilds the boards from it. Redis may be away:
     * then the watchdog rebuilds once it is back.
     */
    private Uni<Void> refreshBoards() {
        Instant now = Instant.now();
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (int weeksAgo = 5; weeksAgo >= 1; weeksAgo--) {
            String week = Periods.week(now.minus(java.time.Duration.ofDays(7L * weeksAgo)), config.zone());
            chain = chain.chain(() -> leaderboards.archive(week));
        }
        String lastMonth = Periods.month(now.atZone(config.zone()).minusMonths(1).toInstant(), config.zone());
        return chain.chain(() -> leaderboards.archive(lastMonth))
                .chain(() -> leaderboards.rebuildIfFree())
                .invoke(report -> LOG.infof("Demo boards rebuilt: %s", report))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Demo boards not rebuilt now (%s); the leaderboard watchdog will", e.toString());
                    return null;
                })
                .replaceWithVoid();
    }

    /**
     * The unions' work: a province-level admin, this quarter's targets set by the province for its cities and by the
     * demo city for its counties (one followed up), and a notice of the demo city that some workers have read.
     */
    private void loadUnionWork(Sql sql, String hash, String provinceCode, LocalDate today) {
        account(sql, DEMO_PROVINCE_ADMIN, "孙立新", hash, "UNION_ADMIN");
        sql.run("update account set scope_region_id = (select id from region where code = ?1) where phone = ?2 and scope_region_id is null",
                provinceCode, DEMO_PROVINCE_ADMIN);
        LocalDate quarter = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
        LocalDate quarterEnd = quarter.plusMonths(3).minusDays(1);
        String target = """
                insert into union_target (unit_kind, unit_id, metric, value, starts_on, deadline, note, set_by, setter_kind, setter_id)
                select 'R', r.id, ?1, ?2, ?3, ?4, ?5, a.id, 'R', a.scope_region_id
                from region r join region parent on parent.id = r.parent_id, account a
                where parent.code = ?6 and a.phone = ?7 and (cast(?8 as varchar) is null or r.code = ?8)
                  and not exists (select 1 from union_target t where t.unit_kind = 'R' and t.unit_id = r.id and t.metric = ?1
                                  and t.starts_on = ?3)""";
        sql.run(target, "PARTICIPATION_RATE", new java.math.BigDecimal("0.45"), quarter, quarterEnd, "季度职工参与率", provinceCode,
                DEMO_PROVINCE_ADMIN, null);
        sql.run(target, "SMALL_COVERAGE", new java.math.BigDecimal("0.80"), quarter, quarterEnd, "小微企业覆盖", provinceCode,
                DEMO_PROVINCE_ADMIN, DEMO_CITY);
        sql.run(target, "ACTIVE_WORKERS", new java.math.BigDecimal("12"), quarter, quarterEnd, "区县活跃职工", DEMO_CITY, DEMO_UNION_ADMIN, null);
        sql.run("""
                insert into target_follow_up (target_id, note, by_id, at)
                select t.id, '已电话督促市总工会，要求本月内组织一次集中闯关活动', a.id, now() - interval '2 days'
                from union_target t join region r on t.unit_kind = 'R' and r.id = t.unit_id, account a
                where r.code = '370200' and t.metric = 'PARTICIPATION_RATE' and t.starts_on = ?1 and a.phone = ?2
                  and not exists (select 1 from target_follow_up f where f.target_id = t.id)""", quarter, DEMO_PROVINCE_ADMIN);
        sql.run("""
                insert into notice (title, body, link, scope_kind, scope_id, recipients, sent_by, sent_at)
                select '冬季安全生产闯关月', '各企业工会：12月为冬季安全生产闯关月，请组织职工完成“安全规程”相关关卡，月底前参与率达到六成。', '/map',
                       'R', r.id, (select count(*) from worker wk join enterprise_place ep on ep.enterprise_id = wk.enterprise_id
                                   where ep.city_id = r.id), a.id, now() - interval '3 days'
                from region r, account a where r.code = ?1 and a.phone = ?2
                  and not exists (select 1 from notice n where n.scope_kind = 'R' and n.scope_id = r.id and n.title = '冬季安全生产闯关月')""",
                DEMO_CITY, DEMO_UNION_ADMIN);
        sql.run("""
                insert into notice_read (notice_id, account_id, read_at)
                select n.id, wk.account_id, n.sent_at + interval '5 hours'
                from notice n join region r on n.scope_kind = 'R' and r.id = n.scope_id
                join enterprise_place ep on ep.city_id = r.id join worker wk on wk.enterprise_id = ep.enterprise_id
                join account a on a.id = wk.account_id
                where n.title = '冬季安全生产闯关月' and r.code = ?1 and a.phone like '1390001%' and wk.account_id % 5 < 2
                on conflict do nothing""", DEMO_CITY);
        sql.run("update notice n set reads = (select count(*) from notice_read r where r.notice_id = n.id)"
                + " where n.title = '冬季安全生产闯关月' and n.reads = 0");
    }

    /** One question of the steelmaker bank in the middle of its authoring: versions, who wrote and reviewed them, and what happened. */
    private record AuthoringSample(String ref, String stem, List<String> options, String keys, String point, List<SampleVersion> versions) {
    }

    /** A version's status, author and reviewer (phones), the reviewer's comment, and its audit trail. */
    private record SampleVersion(String status, String author, String reviewer, String comment, List<String> actions) {
    }

    private static final List<AuthoringSample> AUTHORING_SAMPLES = List.of(
            new AuthoringSample("DEMO-D1", "转炉溅渣护炉时，氮气压力一般控制在（ ）。",
                    List.of("0.3～0.5 MPa", "0.8～1.0 MPa", "1.5～2.0 MPa", "3.0 MPa 以上"), "B", "设备与操作",
                    List.of(new SampleVersion("DRAFT", DEMO_TRAINER, null, null, List.of("CREATED")))),
            new AuthoringSample("DEMO-D2", "钢包吹氩的主要目的是（ ）。",
                    List.of("均匀成分和温度、促进夹杂物上浮", "提高钢水温度", "脱除钢中的碳", "增加钢中的氮"), "A", "炉外精炼",
                    List.of(new SampleVersion("DRAFT", DEMO_TRAINER, DEMO_REVIEWER, "选项B与题意无关，请换成一个更有迷惑性的选项",
                            List.of("CREATED", "SUBMITTED", "RETURNED")))),
            new AuthoringSample("DEMO-R1", "出钢时发现钢包渣线侵蚀严重，正确的处理是（ ）。",
                    List.of("立即停止出钢并报告班长", "继续出钢，事后报告", "加快出钢速度", "向钢包内加水降温"), "A", "应急处置与急救",
                    List.of(new SampleVersion("IN_REVIEW", DEMO_TRAINER, null, null, List.of("CREATED", "SUBMITTED")))),
            new AuthoringSample("DEMO-R2", "LF 炉精炼过程中造白渣的作用有（ ）。",
                    List.of("脱硫", "脱氧", "吸附夹杂物", "增碳"), "A,B,C", "炉外精炼",
                    List.of(new SampleVersion("IN_REVIEW", DEMO_REVIEWER, null, null, List.of("CREATED", "SUBMITTED")))),
            new AuthoringSample("DEMO-P1", "转炉炼钢的主要氧化剂是（ ）。",
                    List.of("工业纯氧", "空气", "铁矿石", "石灰"), "A", "冶炼工艺",
                    List.of(new SampleVersion("PUBLISHED", DEMO_TRAINER, DEMO_REVIEWER, "表述准确", List.of("CREATED", "SUBMITTED", "APPROVED")),
                            new SampleVersion("DRAFT", DEMO_TRAINER, null, null, List.of("EDITED")))),
            new AuthoringSample("DEMO-X1", "平炉炼钢是目前钢厂的主流炼钢方法。",
                    List.of("正确", "错误"), "B", "冶炼工艺",
                    List.of(new SampleVersion("RETIRED", DEMO_TRAINER, DEMO_REVIEWER, null,
                            List.of("CREATED", "SUBMITTED", "APPROVED", "RETIRED")))));

    /**
     * The steelmaker bank's questions in every authoring state, for the console: drafts (one sent back with a
     * comment), one waiting for each demo trainer's review, a published one with a new draft, a retired one.
     */
    private void loadAuthoringSamples(Sql sql) {
        for (AuthoringSample sample : AUTHORING_SAMPLES) {
            String type = sample.options().size() == 2 ? "TRUE_FALSE" : sample.keys().contains(",") ? "MULTIPLE" : "SINGLE";
            StringBuilder options = new StringBuilder("[");
            for (int i = 0; i < sample.options().size(); i++) {
                options.append(i == 0 ? "" : ",").append("{\"key\":\"").append((char) ('A' + i)).append("\",\"text\":\"")
                        .append(sample.options().get(i)).append("\"}");
            }
            String optionsJson = options.append("]").toString();
            sql.run("insert into question (trade_id, ref, pool) select id, ?1, 'LEARNING' from trade where code = 'STEELMAKER'"
                    + " on conflict (trade_id, ref) do nothing", sample.ref());
            for (int n = 0; n < sample.versions().size(); n++) {
                SampleVersion v = sample.versions().get(n);
                boolean reviewed = v.status().equals("PUBLISHED") || v.status().equals("RETIRED");
                sql.run("""
                        with q as (select q.id from question q join trade t on t.id = q.trade_id where t.code = 'STEELMAKER' and q.ref = ?1),
                        v as (
                          insert into question_version (question_id, version, status, type, stem, options, correct_keys, explanation,
                                                        difficulty, grade, author_id, submitted_at, reviewer_id, review_comment,
                                                        published_at, retired_at)
                          select q.id, ?2, ?3, ?4, ?5, ?6, ?7, ?14, 2, 5, (select id from account where phone = ?8),
                                 case when ?3 <> 'DRAFT' or cast(?9 as varchar) is not null then now() - interval '2 days' end,
                                 (select id from account where phone = cast(?9 as varchar)), cast(?10 as varchar),
                                 case when ?11 then now() - interval '1 day' end, case when ?3 = 'RETIRED' then now() end
                          from q where not exists (select 1 from question_version x where x.question_id = q.id and x.version = ?2)
                          returning id, question_id),
                        kp as (
                          insert into question_version_kp (version_id, knowledge_point_id)
                          select v.id, k.id from v, knowledge_point k join trade t on t.id = k.trade_id
                          where t.code = 'STEELMAKER' and k.name = ?12)
                        insert into question_audit (question_id, version, actor_id, action, comment, at)
                        select v.question_id, ?2, (select id from account where phone = case when a.action in ('APPROVED', 'RETURNED') then cast(?9 as varchar) else ?8 end),
                               a.action, case when a.action in ('APPROVED', 'RETURNED') then cast(?10 as varchar) end,
                               now() - interval '3 days' + a.n * interval '1 hour'
                        from v, unnest(string_to_array(?13, ',')) with ordinality a(action, n)""",
                        sample.ref(), n + 1, v.status(), type, sample.stem(), optionsJson, sample.keys(), v.author(), v.reviewer(),
                        v.comment(), reviewed, sample.point(), String.join(",", v.actions()),
                        n == 0 ? "" : "转炉向熔池吹入工业纯氧，使铁水中的碳、硅、锰、磷氧化。");
            }
        }
    }

    /** Knowledge points, questions (version 1, published) and the level map of one trade. */
    private List<String> loadQuestionBank(Sql sql, String trade) {
        List<DemoQuestionBank.DemoQuestion> questions = banks.questions(trade);
        List<String> points = DemoQuestionBank.knowledgePoints(questions);
        for (String point : points) {
            sql.run("insert into knowledge_point (trade_id, name) select id, ?1 from trade where code = ?2"
                    + " on conflict (trade_id, name) do nothing", point, trade);
        }
        java.util.Set<String> examRefs = DemoQuestionBank.examRefs(questions);
        for (DemoQuestionBank.DemoQuestion q : questions) {
            sql.run("""
                    with q as (
                      insert into question (trade_id, ref, pool) select id, ?1, ?11 from trade where code = ?2
                      on conflict (trade_id, ref) do nothing returning id),
                    v as (
                      insert into question_version (question_id, version, status, type, stem, options, correct_keys,
                                                    explanation, difficulty, grade, published_at)
                      select id, 1, 'PUBLISHED', ?3, ?4, ?5, ?6, ?7, ?8, ?9, now() from q returning id)
                    insert into question_version_kp (version_id, knowledge_point_id)
                    select v.id, k.id from v, knowledge_point k join trade t on t.id = k.trade_id
                    where t.code = ?2 and k.name = any(string_to_array(?10, '|'))""",
                    q.ref(), trade, q.type(), q.stem(), banks.optionsJson(q), String.join(",", q.answer()), q.explanation(),
                    (short) q.difficulty(), (short) q.grade(), String.join("|", q.knowledgePoints()),
                    examRefs.contains(q.ref()) ? "EXAM" : "LEARNING");
        }
        // a demo bank loaded before questions had pools gets the demo's exam pool
        sql.run("""
                update question q set pool = case when q.ref = any(string_to_array(?2, '|')) then 'EXAM' else 'LEARNING' end
                from trade t where t.id = q.trade_id and t.code = ?1
                  and q.pool <> case when q.ref = any(string_to_array(?2, '|')) then 'EXAM' else 'LEARNING' end""",
                trade, String.join("|", examRefs));
        for (DemoQuestionBank.DemoLevel level : DemoQuestionBank.levelMap(points)) {
            sql.run("insert into level (trade_id, map_order, name, grade, question_count, draw_rule, time_limit_seconds,"
                    + " pass_mark, star1, star2, star3, exam) select id, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 from trade t"
                    // once trainers publish a map of their own, the demo leaves it as they made it
                    + " where code = ?12 and not exists (select 1 from level l where l.trade_id = t.id and l.map_order = ?1)"
                    + " and not exists (select 1 from level_map_publication p where p.trade_id = t.id)",
                    level.order(), level.name(), (short) level.grade(), level.questionCount(), level.rule().toJson(),
                    level.timeLimitSeconds(), (short) level.passMark(), (short) level.star1(), (short) level.star2(),
                    (short) level.star3(), level.exam(), trade);
        }
        return points;
    }

    /** A submitted run of a demo worker on a level (?13: CHALLENGE or PRACTICE) with the paper it drew. */
    private static final String RUN_INSERT = """
                    with run as (
                      select acc.id as account_id, l.trade_id, l.id as level_id, l.grade, l.question_count, l.time_limit_seconds
                      from account acc, level l join trade t on t.id = l.trade_id
                      where acc.phone = ?9 and t.code = ?10 and l.map_order = ?11),
                    drawn as (
                      select v.question_id, v.id as version_id, v.correct_keys,
                             (select string_agg(o->>'key', ',') from json_array_elements(v.options::json) o) as option_order,
                             row_number() over (order by md5(v.id::text || ?12)) - 1 as position
                      from run join question q on q.trade_id = run.trade_id
                      join question_version v on v.question_id = q.id and v.status = 'PUBLISHED' and v.grade = run.grade),
                    paper as (
                      select array_agg(question_id order by position) as question_ids,
                             array_agg(version_id order by position) as version_ids,
                             array_agg(option_order order by position) as option_orders,
                             array_agg(case when position < ?5 then correct_keys when correct_keys = 'A' then 'B' else 'A' end
                                       order by position) as selected,
                             array_agg(position < ?5 order by position) as correct
                      from drawn, run where position < run.question_count)
                    insert into attempt (account_id, trade_id, level_id, mode, status, seed, started_at, expires_at, submitted_at,
                                         score, correct_count, total, passed, stars, points_earned,
                                         question_ids, version_ids, option_orders, selected, correct)
                    select run.account_id, run.trade_id, run.level_id, ?13, 'SUBMITTED', ?1, ?2,
                           cast(?2 as timestamptz) + run.time_limit_seconds * interval '1 second', ?3, ?4, ?5,
                           cardinality(paper.question_ids), ?6, ?7, ?8,
                           coalesce(paper.question_ids, '{}'), coalesce(paper.version_ids, '{}'),
                           coalesce(paper.option_orders, '{}'), coalesce(paper.selected, '{}'), coalesce(paper.correct, '{}')
                    from run, paper""";

    /** Writes the planned runs as their submissions would have: attempts with papers, standings, points, 错题本. */
    private Uni<Void> loadHistory(Mutiny.Session session, DemoHistory.Plan plan) {
        Sql sql = new Sql(session);
        Map<String, Integer> best = new HashMap<>();
        long seed = 1;
        for (DemoHistory.Run run : plan.runs()) {
            String key = run.worker().phone() + "/" + run.level().order();
            Integer before = best.get(key);
            int earned = before == null ? run.score() : Math.max(0, run.score() - before);
            best.put(key, Math.max(before == null ? 0 : before, run.score()));
            Instant started = run.submittedAt().minusSeconds(60L * run.level().questionCount());
            sql.run(RUN_INSERT,
                    seed, started, run.submittedAt(), (short) run.score(), run.correct(), run.passed(), (short) run.stars(), earned,
                    run.worker().phone(), run.worker().trade(), run.level().order(), Long.toString(seed), "CHALLENGE");
            seed++;
        }
        for (DemoHistory.Run run : plan.practice()) {
            Instant started = run.submittedAt().minusSeconds(60L * run.level().questionCount());
            sql.run(RUN_INSERT, seed, started, run.submittedAt(), (short) run.score(), run.correct(), run.passed(), (short) 0, 0,
                    run.worker().phone(), run.worker().trade(), run.level().order(), Long.toString(seed), "PRACTICE");
            seed++;
        }
        for (DemoHistory.Standing st : plan.standings()) {
            sql.run("insert into level_progress (account_id, level_id, best_score, best_attempt_id, best_at, stars, passed_at,"
                    + " challenge_attempts, practice_attempts)"
                    + " select acc.id, l.id, ?1, (select id from attempt where account_id = acc.id and level_id = l.id"
                    + " and submitted_at = ?2 limit 1), ?2, ?3, case when ?4 then cast(?5 as timestamptz) end, ?6, 0"
                    + " from account acc, level l join trade t on t.id = l.trade_id where acc.phone = ?7 and t.code = ?8"
                    + " and l.map_order = ?9 on conflict do nothing",
                    (short) st.bestScore(), st.bestAt(), (short) st.stars(), st.passedAt() != null,
                    st.passedAt() != null ? st.passedAt() : st.bestAt(), st.runs(), st.worker().phone(), st.worker().trade(),
                    st.level().order());
        }
        for (DemoHistory.Total total : plan.totals()) {
            sql.run("insert into point_total (account_id, period, points, reached_at) select id, ?1, ?2, ?3 from account"
                    + " where phone = ?4 on conflict do nothing", total.period(), total.points(), total.reachedAt(), total.worker().phone());
        }
        LOG.infof("Demo history: %d runs by %d workers", plan.runs().size(),
                plan.runs().stream().map(r -> r.worker().phone()).distinct().count());
        return sql.execute();
    }

    /**
     * Every demo worker who holds a grade got it through an approved promotion: a record with its certificate
     * (approved by the demo system admin on the day the grade was obtained).
     */
    private Uni<Void> loadPromotionRecords(Mutiny.Session session) {
        Sql sql = new Sql(session);
        sql.run("""
                insert into promotion_record (account_id, trade_id, grade_from, grade_to, route, evidence, approved_by, approved_at,
                                              certificate_no, verification_code)
                select wg.account_id, wg.trade_id, case when wg.grade < 5 then wg.grade + 1 end, wg.grade, 'ONLINE_EXAM',
                       '{"exams":[],"monthsInGrade":0,"enterpriseId":null,"enterpriseName":null}',
                       (select id from account where phone = ?1), wg.obtained_on::timestamp at time zone 'Asia/Shanghai',
                       ?2 || '-' || extract(year from wg.obtained_on) || '-' || wg.grade || '-'
                          || lpad(nextval('certificate_serial')::text, 6, '0'),
                       translate(upper(substr(md5(wg.account_id::text || '/' || wg.trade_id), 1, 12)), '01', 'GH')
                from worker_grade wg join account a on a.id = wg.account_id
                where (a.phone like '1390001%' or a.phone = ?3)
                  and not exists (select 1 from promotion_record r where r.account_id = wg.account_id and r.trade_id = wg.trade_id)""",
                DEMO_SYSTEM_ADMIN, config.promotion().certificatePrefix(), DEMO_ALMOST_GRADE_4);
        sql.run("update worker_grade wg set certificate_no = r.certificate_no from promotion_record r"
                + " where r.account_id = wg.account_id and r.trade_id = wg.trade_id and r.grade_to = wg.grade and wg.certificate_no is null");
        return sql.execute();
    }

    private static void account(Sql sql, String phone, String name, String hash, String roles) {
        sql.run("insert into account (phone, display_name, password_hash, roles) values (?1, ?2, ?3, ?4)"
                + " on conflict (phone) do nothing", phone, name, hash, roles);
    }

    private static void worker(Sql sql, String phone, String enterprise, String team, String trade, LocalDate since) {
        sql.run("insert into worker (account_id, enterprise_id, team_id, trade_id, trade_since)"
                + " select a.id, e.id, t.id, tr.id, ?1 from account a"
                + " join enterprise e on e.name = ?2 join team t on t.enterprise_id = e.id and t.name = ?3"
                + " join trade tr on tr.code = ?4 where a.phone = ?5 on conflict (account_id) do nothing",
                since, enterprise, team, trade, phone);
    }

    /** "91" (enterprise, industry and commerce) + county code + a 9-character organisation code + check character. */
    static String creditCode(String countyCode, int index) {
        String first17 = "91" + countyCode + "MA" + String.format("%07d", 3_100_000 + index * 7_919);
        return first17 + CreditCode.checkCharacter(first17);
    }

    private DemoOrganisations read() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("demo/organisations.json")) {
            return json.readValue(in, DemoOrganisations.class);
        } catch (IOException e) {
            throw new UncheckedIOException("demo/organisations.json is missing or broken", e);
        }
    }

    /**
     * Native statements run one after another on one session. They are queued and then streamed: a chain of
     * thousands of nested {@code Uni}s would be as deep on the stack as it is long.
     */
    private static final class Sql {
        private record Statement(String sql, Object[] params) {
        }

        private final Mutiny.Session session;
        private final List<Statement> statements = new ArrayList<>();

        Sql(Mutiny.Session session) {
            this.session = session;
        }

        void run(String statement, Object... params) {
            statements.add(new Statement(statement, params));
        }

        Uni<Void> execute() {
            return Multi.createFrom().iterable(statements).onItem().transformToUniAndConcatenate(statement -> {
                var query = session.createNativeQuery(statement.sql());
                for (int i = 0; i < statement.params().length; i++) {
                    query.setParameter(i + 1, statement.params()[i]);
                }
                return statement.sql().startsWith("select") ? query.getResultList().replaceWith(0) : query.executeUpdate();
            }).collect().last().replaceWithVoid();
        }
    }
}
