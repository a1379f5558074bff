package io.chuangguan.level;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chuangguan.challenge.Paper;
import io.chuangguan.common.AppConfig;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Violation;
import io.chuangguan.questionbank.Candidate;
import io.chuangguan.questionbank.PaperVersion;
import io.chuangguan.questionbank.QuestionAuthoring;
import io.chuangguan.questionbank.QuestionAuthoring.Actor;
import io.chuangguan.questionbank.QuestionBankService;
import io.chuangguan.questionbank.QuestionPool;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A trade's level map as trainers edit it: a draft of the whole map, checked against the published bank (can each
 * rule be drawn?), published in one transaction. Publishing never closes a level a worker had open: for every level
 * whose predecessor changes, the workers who had it open get a progress row on it, which keeps it open (see
 * {@code docs/architecture.md}). Levels taken off the map are retired, not deleted.
 */
@ApplicationScoped
public class LevelMapEditor {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_LEVELS = 200;
    /** Every rule draws at least one question and a level at most 200: more rules than that are never a real map. */
    public static final int MAX_RULES = 200;
    public static final int MAX_RULE_POINTS = 50;

    /** One level as the editor sends it: {@code id} is the level it edits, null for a new one. */
    public record LevelDraft(Long id, String name, Integer grade, Boolean exam, Integer questionCount, Integer timeLimitSeconds,
            Integer passMark, Integer star1, Integer star2, Integer star3, DrawRule drawRule) {
    }

    /**
     * The whole map as the editor saves it. {@code revision}: the {@link MapView#revision} the editor started from;
     * when given, a map changed since by someone else is refused (409) instead of overwritten.
     */
    public record MapDraft(List<LevelDraft> levels, String revision) {
    }

    /** How many published questions a rule part (or the level's grade) offers against how many it draws. */
    public record Supply(int count, int available) {
        public boolean enough() {
            return available >= count;
        }
    }

    public record Availability(QuestionPool pool, List<Supply> parts, Supply grade) {
    }

    public record EditedLevel(LevelDraft level, Availability availability) {
    }

    public record Author(long id, String name) {
    }

    /** {@code revision}: names this state of the map (its draft's save, else its last publication) for the next change. */
    public record MapView(long tradeId, boolean draft, OffsetDateTime updatedAt, Author updatedBy, String revision,
            List<EditedLevel> levels, List<LevelDraft> retiring) {
    }

    /** The map's last change: its draft's last save, else its last publication, else none (only the demo loader wrote it). */
    private record LastChange(boolean draft, String levels, OffsetDateTime at, Author by, String revision) {

        static final LastChange NONE = new LastChange(false, null, null, null, "published-0");

        /** The 409 for an editor that started from another revision: who changed the map, and when. */
        void requireRevision(String expected, java.time.ZoneId zone) {
            if (expected != null && !expected.equals(revision)) {
                throw DomainException.conflict("map-changed", by == null ? "关卡地图已被别人修改：请刷新后再改"
                        : "关卡地图已被" + by.name() + "于 " + at.atZoneSameInstant(zone)
                                .format(java.time.format.DateTimeFormatter.ofPattern("M月d日 HH:mm:ss")) + " 修改：请刷新后再改");
            }
        }
    }

    private static Uni<LastChange> lastChange(io.vertx.mutiny.sqlclient.SqlClient c, long tradeId) {
        return c.preparedQuery("""
                select * from (
                    select true as draft, d.levels, d.updated_at, d.updated_by, a.display_name,
                           'draft-' || (extract(epoch from d.updated_at) * 1000000)::bigint as revision
                    from level_map_draft d join account a on a.id = d.updated_by where d.trade_id = $1
                    union all
                    (select false, null, p.published_at, p.published_by, a.display_name, 'published-' || p.id
                     from level_map_publication p join account a on a.id = p.published_by where p.trade_id = $1
                     order by p.id desc limit 1)) last
                order by draft desc limit 1""").execute(Tuple.of(tradeId)).map(rows -> {
                    if (rows.size() == 0) {
                        return LastChange.NONE;
                    }
                    Row r = rows.iterator().next();
                    return new LastChange(r.getBoolean(0), r.getString(1), r.getOffsetDateTime(2), new Author(r.getLong(3), r.getString(4)),
                            r.getString(5));
                });
    }

    /** One change of a trade's map at a time: the check of the revision and the write in one transaction. */
    private static Uni<LastChange> lockedLastChange(SqlConnection c, long tradeId) {
        return c.preparedQuery("select pg_advisory_xact_lock(hashtext('level-map'), $1::int)").execute(Tuple.of((int) tradeId))
                .chain(() -> lastChange(c, tradeId));
    }

    public record SampleQuestion(long questionId, long versionId, String type, String stem, int difficulty, int grade,
            Set<String> knowledgePoints) {
    }

    public record SamplePaper(List<SampleQuestion> questions, int shortfall) {
    }

    private final Pool pool;
    private final QuestionAuthoring authoring;
    private final QuestionBankService bank;
    private final LevelService levels;
    private final AppConfig config;

    public LevelMapEditor(Pool pool, QuestionAuthoring authoring, QuestionBankService bank, LevelService levels, AppConfig config) {
        this.config = config;
        this.pool = pool;
        this.authoring = authoring;
        this.bank = bank;
        this.levels = levels;
    }

    /** The draft if there is one, else the published map; each level with what the bank can supply. */
    public Uni<MapView> view(Actor actor, long tradeId) {
        return authoring.requireTrade(actor, tradeId).chain(() -> read(tradeId));
    }

    private Uni<MapView> read(long tradeId) {
        // the revision before the levels: a publication between the two reads leaves the view an older revision, so
        // a save from it is refused rather than accepted against levels it never showed
        return lastChange(pool, tradeId).chain(last -> published(pool, tradeId).chain(current -> {
            List<LevelDraft> shown = last.draft() ? parse(last.levels()) : current;
            Set<Long> kept = new HashSet<>();
            shown.forEach(l -> kept.add(l.id()));
            List<LevelDraft> retiring = current.stream().filter(l -> !kept.contains(l.id())).toList();
            return withAvailability(tradeId, shown).map(edited -> new MapView(tradeId, last.draft(), last.at(), last.by(), last.revision(),
                    edited, retiring));
        }));
    }

    /** Saves the whole map as the trade's draft, after checking it; nothing workers see changes. */
    public Uni<MapView> saveDraft(Actor actor, long tradeId, MapDraft draft) {
        return authoring.requireTrade(actor, tradeId)
                .chain(() -> pool.withTransaction(c -> lockedLastChange(c, tradeId).chain(last -> {
                    last.requireRevision(draft.revision(), config.zone());
                    return check(c, tradeId, draft);
                }).chain(() -> {
                    // clock_timestamp(): a new revision even when two saves fall in one transaction's now()
                    return c.preparedQuery("""
                            insert into level_map_draft (trade_id, levels, updated_by, updated_at) values ($1, $2, $3, clock_timestamp())
                            on conflict (trade_id) do update set levels = excluded.levels, updated_by = excluded.updated_by,
                                updated_at = excluded.updated_at""").execute(Tuple.of(tradeId, json(draft.levels()), actor.id()));
                })))
                .chain(() -> read(tradeId));
    }

    public Uni<MapView> discardDraft(Actor actor, long tradeId, String revision) {
        return authoring.requireTrade(actor, tradeId)
                .chain(() -> pool.withTransaction(c -> lockedLastChange(c, tradeId).chain(last -> {
                    last.requireRevision(revision, config.zone());
                    return c.preparedQuery("delete from level_map_draft where trade_id = $1").execute(Tuple.of(tradeId));
                })))
                .chain(() -> read(tradeId));
    }

    /**
     * Applies the draft in one transaction: levels kept are updated and reordered, new ones inserted, the missing
     * ones retired; workers keep every level they had open.
     */
    public Uni<MapView> publish(Actor actor, long tradeId, String revision) {
        return authoring.requireTrade(actor, tradeId).chain(() -> pool.withTransaction(c -> lockedLastChange(c, tradeId).chain(last -> {
                    if (!last.draft()) {
                        throw DomainException.conflict("no-draft", "这个工种的关卡地图没有草稿可发布");
                    }
                    // publishing the draft somebody saved after the publisher looked would publish what they never saw
                    last.requireRevision(revision, config.zone());
                    List<LevelDraft> next = parse(last.levels());
                    return check(c, tradeId, new MapDraft(next, null)).chain(() -> apply(c, actor, tradeId, next));
                }))).invoke(() -> levels.forget(tradeId)).chain(() -> read(tradeId));
    }

    private Uni<Void> apply(SqlConnection c, Actor actor, long tradeId, List<LevelDraft> next) {
        return c.preparedQuery("select id from level where trade_id = $1 and retired_at is null order by map_order for update")
                .execute(Tuple.of(tradeId)).chain(rows -> {
                    List<Long> before = new ArrayList<>();
                    rows.forEach(r -> before.add(r.getLong(0)));
                    Uni<Void> chain = keepOpenLevels(c, tradeId, before, next);
                    // out of the way of the unique order first, then each level to its place
                    chain = chain.chain(() -> c.preparedQuery("update level set map_order = map_order + 100000 where trade_id = $1"
                            + " and retired_at is null").execute(Tuple.of(tradeId)).replaceWithVoid());
                    Set<Long> kept = new HashSet<>();
                    for (int i = 0; i < next.size(); i++) {
                        LevelDraft l = next.get(i);
                        int order = i + 1;
                        if (l.id() != null) {
                            kept.add(l.id());
                        }
                        List<Object> values = new ArrayList<>(List.of(tradeId, order, l.name().strip(), l.grade().shortValue(),
                                l.questionCount(), rule(l).toJson(), l.timeLimitSeconds(), l.passMark().shortValue(),
                                l.star1().shortValue(), l.star2().shortValue(), l.star3().shortValue(), Boolean.TRUE.equals(l.exam())));
                        if (l.id() != null) {
                            values.add(l.id());
                            chain = chain.chain(() -> c.preparedQuery("""
                                    update level set map_order = $2, name = $3, grade = $4, question_count = $5, draw_rule = $6,
                                           time_limit_seconds = $7, pass_mark = $8, star1 = $9, star2 = $10, star3 = $11, exam = $12
                                    where id = $13 and trade_id = $1""").execute(Tuple.from(values)).replaceWithVoid());
                        } else {
                            chain = chain.chain(() -> c.preparedQuery("""
                                    insert into level (trade_id, map_order, name, grade, question_count, draw_rule, time_limit_seconds,
                                                       pass_mark, star1, star2, star3, exam)
                                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""").execute(Tuple.from(values)).replaceWithVoid());
                        }
                    }
                    Long[] retired = before.stream().filter(id -> !kept.contains(id)).toArray(Long[]::new);
                    return chain
                            .chain(() -> c.preparedQuery("update level set retired_at = now() where id = any($1)").execute(Tuple.of((Object) retired)))
                            .chain(() -> c.preparedQuery("insert into level_map_publication (trade_id, published_by, levels) values ($1, $2, $3)")
                                    .execute(Tuple.of(tradeId, actor.id(), json(next))))
                            .chain(() -> c.preparedQuery("delete from level_map_draft where trade_id = $1").execute(Tuple.of(tradeId)))
                            .replaceWithVoid();
                });
    }

    /**
     * Before the map changes: every kept level whose predecessor changes stays open for the workers who have it open
     * now (the first level: every worker of the trade; another: those who passed the level before it), by a progress
     * row with no attempts. A level that is open by its progress stays open on any map.
     */
    private static Uni<Void> keepOpenLevels(SqlConnection c, long tradeId, List<Long> before, List<LevelDraft> next) {
        Map<Long, Long> previousBefore = new HashMap<>();
        for (int i = 0; i < before.size(); i++) {
            previousBefore.put(before.get(i), i == 0 ? null : before.get(i - 1));
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 1; i < next.size(); i++) {
            Long id = next.get(i).id();
            Long previousNow = next.get(i - 1).id();
            if (id == null || !previousBefore.containsKey(id) || (previousNow != null && previousNow.equals(previousBefore.get(id)))) {
                continue;
            }
            Long previous = previousBefore.get(id);
            chain = chain.chain(() -> (previous == null
                    ? c.preparedQuery("""
                            insert into level_progress (account_id, level_id) select w.account_id, $2 from worker w where w.trade_id = $1
                            on conflict do nothing""").execute(Tuple.of(tradeId, id))
                    : c.preparedQuery("""
                            insert into level_progress (account_id, level_id) select p.account_id, $2 from level_progress p
                            where p.level_id = $1 and p.passed_at is not null on conflict do nothing""").execute(Tuple.of(previous, id)))
                    .replaceWithVoid());
        }
        return chain;
    }

    /**
     * What the published bank supplies for each level of a map as the editor has it, saved or not (nothing is
     * checked or written): the editor counts a rule again as soon as it changes.
     */
    public Uni<List<Availability>> availability(Actor actor, long tradeId, MapDraft draft) {
        List<LevelDraft> list = draft.levels() == null ? List.of() : draft.levels();
        List<Violation> v = new ArrayList<>();
        bounds(v, list, true);
        if (!v.isEmpty()) {
            return Uni.createFrom().failure(DomainException.unprocessable("The level map has invalid fields", v));
        }
        return authoring.requireTrade(actor, tradeId).chain(() -> withAvailability(tradeId, list))
                .map(edited -> edited.stream().map(EditedLevel::availability).toList());
    }

    /** The questions a start of this (draft) level would draw now: one seeded draw, as a worker would get it. */
    public Uni<SamplePaper> samplePaper(Actor actor, long tradeId, LevelDraft level, long seed) {
        return authoring.requireTrade(actor, tradeId).chain(() -> check(pool, tradeId, new MapDraft(List.of(level), null)))
                .chain(() -> bank.publishedCandidates(tradeId, Boolean.TRUE.equals(level.exam()) ? QuestionPool.EXAM : QuestionPool.LEARNING))
                .chain(candidates -> {
                    List<Candidate> drawn = Paper.sample(candidates, rule(level), level.grade(), level.questionCount(), seed);
                    return bank.paperVersions(drawn.stream().map(Candidate::versionId).toList()).map(versions -> {
                        List<SampleQuestion> questions = new ArrayList<>();
                        for (Candidate c : drawn) {
                            PaperVersion v = versions.get(c.versionId());
                            questions.add(new SampleQuestion(c.questionId(), c.versionId(), c.type().name(), v.stem(), c.difficulty(),
                                    c.grade(), c.knowledgePoints()));
                        }
                        return new SamplePaper(questions, level.questionCount() - questions.size());
                    });
                });
    }

    // ---- reading and checking ----

    private static Uni<List<LevelDraft>> published(Pool pool, long tradeId) {
        return pool.preparedQuery("select " + Level.COLUMNS + " from level where trade_id = $1 and retired_at is null order by map_order")
                .execute(Tuple.of(tradeId)).map(rows -> {
                    List<LevelDraft> out = new ArrayList<>();
                    rows.forEach(r -> {
                        Level l = Level.of(r);
                        out.add(new LevelDraft(l.id, l.name, (int) l.grade, l.exam, l.questionCount, l.timeLimitSeconds, (int) l.passMark,
                                (int) l.star1, (int) l.star2, (int) l.star3, DrawRule.parse(l.drawRule)));
                    });
                    return out;
                });
    }

    private Uni<List<EditedLevel>> withAvailability(long tradeId, List<LevelDraft> shown) {
        return bank.publishedCandidates(tradeId, QuestionPool.LEARNING)
                .chain(learning -> bank.publishedCandidates(tradeId, QuestionPool.EXAM).map(exam -> {
                    List<EditedLevel> out = new ArrayList<>();
                    for (LevelDraft l : shown) {
                        QuestionPool from = Boolean.TRUE.equals(l.exam()) ? QuestionPool.EXAM : QuestionPool.LEARNING;
                        List<Candidate> ofGrade = (from == QuestionPool.EXAM ? exam : learning).stream()
                                .filter(c -> l.grade() != null && c.grade() == l.grade()).toList();
                        List<Supply> parts = new ArrayList<>();
                        for (DrawRule.Part part : rule(l).parts()) {
                            parts.add(part == null ? new Supply(0, 0) : new Supply(part.count(), (int) ofGrade.stream().filter(part::matches).count()));
                        }
                        out.add(new EditedLevel(l, new Availability(from, parts,
                                new Supply(l.questionCount() == null ? 0 : l.questionCount(), ofGrade.size()))));
                    }
                    return out;
                }));
    }

    private static DrawRule rule(LevelDraft l) {
        return l.drawRule() == null || l.drawRule().parts() == null ? new DrawRule(List.of()) : l.drawRule();
    }

    /** The rules a map must keep; messages in Chinese, at "levels[i].field". */
    private static Uni<Void> check(io.vertx.mutiny.sqlclient.SqlClient c, long tradeId, MapDraft draft) {
        List<LevelDraft> list = draft == null || draft.levels() == null ? List.of() : draft.levels();
        // a retired level stays retired: a draft naming one is refused, not published as a level nobody sees
        return c.preparedQuery("select id from level where trade_id = $1 and retired_at is null").execute(Tuple.of(tradeId))
                .chain(ids -> c.preparedQuery("select name from knowledge_point where trade_id = $1").execute(Tuple.of(tradeId))
                        .map(names -> {
                            Set<Long> levelIds = new HashSet<>();
                            ids.forEach(r -> levelIds.add(r.getLong(0)));
                            Set<String> points = new HashSet<>();
                            names.forEach(r -> points.add(r.getString(0)));
                            List<Violation> v = violations(list, levelIds, points);
                            if (!v.isEmpty()) {
                                throw DomainException.unprocessable("The level map has invalid fields", v);
                            }
                            return null;
                        }));
    }

    /**
     * The sizes every map request keeps, saved or not (the editor's live counts too): levels, rules per level,
     * knowledge points per rule. What is counted or checked afterwards grows with them, so they come first.
     */
    private static void bounds(List<Violation> v, List<LevelDraft> list, boolean mayBeEmpty) {
        if ((list.isEmpty() && !mayBeEmpty) || list.size() > MAX_LEVELS) {
            v.add(new Violation("levels", "关卡地图须有 1 到 " + MAX_LEVELS + " 关"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            LevelDraft l = list.get(i);
            if (l == null) {
                v.add(new Violation("levels[" + i + "]", "关卡为空"));
                continue;
            }
            List<DrawRule.Part> parts = rule(l).parts();
            if (parts.size() > MAX_RULES) {
                v.add(new Violation("levels[" + i + "].drawRule", "每关最多 " + MAX_RULES + " 条抽题规则"));
                continue;
            }
            for (int p = 0; p < parts.size(); p++) {
                DrawRule.Part part = parts.get(p);
                if (part != null && part.knowledgePoints() != null && part.knowledgePoints().size() > MAX_RULE_POINTS) {
                    v.add(new Violation("levels[" + i + "].drawRule.parts[" + p + "].knowledgePoints",
                            "每条规则最多 " + MAX_RULE_POINTS + " 个知识点"));
                }
            }
        }
    }

    static List<Violation> violations(List<LevelDraft> list, Set<Long> levelIds, Set<String> points) {
        List<Violation> v = new ArrayList<>();
        bounds(v, list, false);
        if (!v.isEmpty()) {
            return v;
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            LevelDraft l = list.get(i);
            String at = "levels[" + i + "].";
            if (l.id() != null && (!levelIds.contains(l.id()) || !seen.add(l.id()))) {
                v.add(new Violation(at + "id", "不是本工种的关卡，或重复出现"));
            }
            if (l.name() == null || l.name().isBlank() || l.name().strip().length() > 64) {
                v.add(new Violation(at + "name", "关卡名称须是 1 到 64 个字"));
            }
            range(v, at + "grade", l.grade(), 1, 5, "等级");
            range(v, at + "questionCount", l.questionCount(), 1, 200, "题数");
            range(v, at + "timeLimitSeconds", l.timeLimitSeconds(), 30, 7200, "限时（秒）");
            range(v, at + "passMark", l.passMark(), 0, 100, "及格分");
            range(v, at + "star1", l.star1(), 0, 100, "一星分数");
            range(v, at + "star2", l.star2(), 0, 100, "二星分数");
            range(v, at + "star3", l.star3(), 0, 100, "三星分数");
            if (l.star1() != null && l.star2() != null && l.star3() != null && !(l.star1() <= l.star2() && l.star2() <= l.star3())) {
                v.add(new Violation(at + "star3", "星级分数须从一星到三星递增"));
            }
            int drawn = 0;
            List<DrawRule.Part> parts = rule(l).parts();
            for (int p = 0; p < parts.size(); p++) {
                DrawRule.Part part = parts.get(p);
                String pat = at + "drawRule.parts[" + p + "].";
                if (part == null) {
                    v.add(new Violation(pat, "抽题规则为空"));
                    continue;
                }
                if (part.count() < 1) {
                    v.add(new Violation(pat + "count", "每条规则至少抽 1 题"));
                }
                drawn += part.count();
                int min = part.difficultyMin() == null ? 1 : part.difficultyMin();
                int max = part.difficultyMax() == null ? 5 : part.difficultyMax();
                if (min < 1 || max > 5 || min > max) {
                    v.add(new Violation(pat + "difficultyMin", "难度范围须在 1 到 5 之间，且下限不大于上限"));
                }
                if (part.knowledgePoints() != null) {
                    List<String> unknown = part.knowledgePoints().stream().filter(k -> !points.contains(k)).toList();
                    if (!unknown.isEmpty()) {
                        v.add(new Violation(pat + "knowledgePoints", "未知的知识点：" + String.join("、", unknown)));
                    }
                }
            }
            if (l.questionCount() != null && drawn > l.questionCount()) {
                v.add(new Violation(at + "drawRule", "各规则抽题数之和（" + drawn + "）超过了关卡题数（" + l.questionCount() + "）"));
            }
        }
        return v;
    }

    private static void range(List<Violation> v, String field, Integer value, int min, int max, String label) {
        if (value == null || value < min || value > max) {
            v.add(new Violation(field, label + "须在 " + min + " 到 " + max + " 之间"));
        }
    }

    private static String json(List<LevelDraft> levels) {
        try {
            return JSON.writeValueAsString(levels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<LevelDraft> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<LevelDraft>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable level map draft", e);
        }
    }
}
