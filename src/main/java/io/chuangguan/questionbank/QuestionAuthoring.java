package io.chuangguan.questionbank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Caller;
import io.chuangguan.common.DomainException;
import io.chuangguan.common.Failures;
import io.chuangguan.common.PageView;
import io.chuangguan.common.Paging;
import io.chuangguan.common.Violation;
import io.chuangguan.questionbank.AuthoringViews.Action;
import io.chuangguan.questionbank.AuthoringViews.AuditEntry;
import io.chuangguan.questionbank.AuthoringViews.BatchFailure;
import io.chuangguan.questionbank.AuthoringViews.BatchResult;
import io.chuangguan.questionbank.AuthoringViews.Decision;
import io.chuangguan.questionbank.AuthoringViews.KnowledgePointView;
import io.chuangguan.questionbank.AuthoringViews.Person;
import io.chuangguan.questionbank.AuthoringViews.QuestionDetail;
import io.chuangguan.questionbank.AuthoringViews.QuestionRef;
import io.chuangguan.questionbank.AuthoringViews.QuestionSummary;
import io.chuangguan.questionbank.AuthoringViews.StatisticsSummary;
import io.chuangguan.questionbank.AuthoringViews.Status;
import io.chuangguan.questionbank.AuthoringViews.VersionView;
import io.chuangguan.questionbank.ItemStatistics.ItemStatistic;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writing questions: drafts, review by a second pair of eyes, publishing and retiring, each step in one transaction
 * with its audit row. A trainer works on the trades of their industries, a system admin on all. Whoever created or
 * edited a version may not approve it.
 */
@ApplicationScoped
public class QuestionAuthoring {

    /** Who acts, as far as authoring cares: read from the {@link Caller} on the request's thread. */
    public record Actor(long id, boolean admin, List<Long> industryIds) {
        public static Actor of(Caller caller) {
            return new Actor(caller.accountId(), caller.is(Caller.SYSTEM_ADMIN), caller.industryIds());
        }

        boolean covers(long industryId) {
            return admin || industryIds.contains(industryId);
        }
    }

    /** The filters of the question list and of the export. */
    public record Filter(Status status, Integer grade, Integer difficulty, QuestionType type, QuestionPool pool,
            String knowledgePoint, Long author, String text, boolean flagged, String sort) {
    }

    private static final Set<String> SORTS = Set.of("ref", "updatedAt", "facility", "discrimination");

    private final Pool pool;
    private final ItemStatistics statistics;
    private final QuestionBankService bank;

    public QuestionAuthoring(Pool pool, ItemStatistics statistics, QuestionBankService bank) {
        this.pool = pool;
        this.statistics = statistics;
        this.bank = bank;
    }

    // ---- scope ----

    /** The trade, if the actor works on it: 404 when it does not exist, 403 when it is another industry's. */
    public Uni<Void> requireTrade(Actor actor, long tradeId) {
        return pool.preparedQuery("select industry_id from trade where id = $1").execute(Tuple.of(tradeId)).map(rows -> {
            if (rows.size() == 0) {
                throw DomainException.notFound("Trade", tradeId);
            }
            if (!actor.covers(rows.iterator().next().getLong(0))) {
                throw DomainException.forbidden("Trade " + tradeId + " is not of your industries");
            }
            return null;
        });
    }

    /** The question's trade, if the actor works on it; a question of another industry is missing, as one that is. */
    private Uni<Long> tradeOf(SqlConnection c, Actor actor, long questionId, boolean lock) {
        return c.preparedQuery("select q.trade_id, t.industry_id from question q join trade t on t.id = q.trade_id where q.id = $1"
                + (lock ? " for update of q" : "")).execute(Tuple.of(questionId)).map(rows -> {
                    if (rows.size() == 0 || !actor.covers(rows.iterator().next().getLong(1))) {
                        throw DomainException.notFound("Question", questionId);
                    }
                    return rows.iterator().next().getLong(0);
                });
    }

    // ---- writing ----

    /** A new question with its first version as a draft (or straight into review). */
    public Uni<QuestionDetail> create(Actor actor, long tradeId, QuestionDraft draft, boolean submit) {
        return requireTrade(actor, tradeId)
                .chain(() -> pool.withTransaction(c -> insert(c, actor, tradeId, draft, Action.CREATED, submit)))
                .chain(id -> detail(actor, id));
    }

    /** Inserts one question in the caller's transaction; the trade must be checked already. Its id. */
    Uni<Long> insert(SqlConnection c, Actor actor, long tradeId, QuestionDraft raw, Action action, boolean submit) {
        QuestionDraft draft = raw.normalised();
        return pointIds(c, tradeId).chain(points -> missingImages(c, draft).map(missing -> {
            List<Violation> all = new ArrayList<>(draft.violations(points.keySet()));
            all.addAll(missing);
            return all;
        }).chain(violations -> {
            if (!violations.isEmpty()) {
                throw DomainException.unprocessable("The question has invalid fields", violations);
            }
            return c.preparedQuery("""
                    with next as (select nextval(pg_get_serial_sequence('question', 'id')) as id)
                    insert into question (id, trade_id, ref, pool)
                    select id, $1, coalesce($2, 'Q' || lpad(id::text, 6, '0')), $3 from next
                    returning id""").execute(Tuple.of(tradeId, draft.ref(), draft.pool().name()))
                    .onFailure(Failures::isUniqueViolation).transform(e -> DomainException.conflict("ref-taken",
                            "编号 " + draft.ref() + " 已被本工种的另一道题使用"))
                    .chain(rows -> {
                        long id = rows.iterator().next().getLong(0);
                        return insertVersion(c, id, 1, draft, actor, submit, points)
                                .chain(() -> audit(c, id, 1, actor, action, null, null))
                                .chain(() -> submit ? audit(c, id, 1, actor, Action.SUBMITTED, null, null) : Uni.createFrom().voidItem())
                                .replaceWith(id);
                    });
        }));
    }

    /** Pictures a draft shows that were never uploaded: the worker would see a broken image. */
    private static Uni<List<Violation>> missingImages(SqlConnection c, QuestionDraft draft) {
        Map<String, List<String>> images = draft.images();
        if (images.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] hashes = images.values().stream().flatMap(List::stream).distinct().toArray(String[]::new);
        return c.preparedQuery("select hash from question_image where hash = any($1)").execute(Tuple.of((Object) hashes)).map(rows -> {
            java.util.Set<String> known = new java.util.HashSet<>();
            rows.forEach(r -> known.add(r.getString(0)));
            List<Violation> missing = new ArrayList<>();
            images.forEach((field, list) -> {
                if (!known.containsAll(list)) {
                    missing.add(new Violation(field, "图片不存在：请重新上传"));
                }
            });
            return missing;
        });
    }

    private Uni<Void> insertVersion(SqlConnection c, long questionId, int version, QuestionDraft d, Actor actor, boolean submit,
            Map<String, Long> points) {
        return c.preparedQuery("""
                insert into question_version (question_id, version, status, type, stem, options, correct_keys, explanation,
                                              difficulty, grade, author_id, submitted_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, case when $12 then now() end) returning id""")
                .execute(Tuple.from(List.of(questionId, version, submit ? "IN_REVIEW" : "DRAFT", d.type().name(), d.stem(),
                        d.optionsJson(), String.join(",", d.correctKeys()), d.explanation(), d.difficulty().shortValue(),
                        d.grade().shortValue(), actor.id(), submit)))
                .chain(rows -> tagPoints(c, rows.iterator().next().getLong(0), d.knowledgePoints(), points));
    }

    private static Uni<Void> tagPoints(SqlConnection c, long versionId, List<String> names, Map<String, Long> points) {
        return c.preparedQuery("insert into question_version_kp (version_id, knowledge_point_id) select $1, unnest($2::bigint[])")
                .execute(Tuple.of(versionId, names.stream().map(points::get).toArray(Long[]::new))).replaceWithVoid();
    }

    /** The trade's knowledge points by name. */
    Uni<Map<String, Long>> pointIds(SqlConnection c, long tradeId) {
        return c.preparedQuery("select name, id from knowledge_point where trade_id = $1").execute(Tuple.of(tradeId)).map(rows -> {
            Map<String, Long> points = new HashMap<>();
            for (Row r : rows) {
                points.put(r.getString(0), r.getLong(1));
            }
            return points;
        });
    }

    /** The newest version of a question, locked with its question. */
    private record Newest(long id, int version, Status status, Long authorId, String content) {
    }

    private static Uni<Newest> newest(SqlConnection c, long questionId) {
        return c.preparedQuery("""
                select v.id, v.version, v.status, v.author_id,
                       json_build_object('type', v.type, 'stem', v.stem, 'options', v.options::json, 'correctKeys', v.correct_keys,
                                         'explanation', v.explanation, 'difficulty', v.difficulty, 'grade', v.grade,
                                         'knowledgePoints', (select coalesce(json_agg(k.name order by k.name), '[]') from question_version_kp vk
                                                             join knowledge_point k on k.id = vk.knowledge_point_id where vk.version_id = v.id))::text
                from question_version v where v.question_id = $1 order by v.version desc limit 1""")
                .execute(Tuple.of(questionId)).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Newest(r.getLong(0), r.getInteger(1), Status.valueOf(r.getString(2)), r.getLong(3), r.getString(4));
                });
    }

    /**
     * The draft edited in place, or a new draft version after a published or retired one (which stays live until the
     * new one is published). A version in review cannot change: its reviewer would approve something else.
     */
    public Uni<QuestionDetail> editDraft(Actor actor, long questionId, QuestionDraft raw) {
        return pool.withTransaction(c -> tradeOf(c, actor, questionId, true).chain(tradeId -> newest(c, questionId)
                .chain(current -> pointIds(c, tradeId).chain(points -> missingImages(c, raw.normalised()).chain(missing -> {
                    if (current.status() == Status.IN_REVIEW) {
                        throw DomainException.conflict("in-review", "第 " + current.version() + " 版正在审核，审核结束前不能修改");
                    }
                    QuestionDraft draft = raw.normalised();
                    List<Violation> violations = new ArrayList<>(draft.violations(points.keySet()));
                    violations.addAll(missing);
                    if (!violations.isEmpty()) {
                        throw DomainException.unprocessable("The question has invalid fields", violations);
                    }
                    Uni<Integer> written;
                    if (current.status() == Status.DRAFT) {
                        written = c.preparedQuery("""
                                update question_version set type = $2, stem = $3, options = $4, correct_keys = $5, explanation = $6,
                                       difficulty = $7, grade = $8, author_id = $9, updated_at = now(), review_comment = null, reviewer_id = null
                                where id = $1""").execute(Tuple.from(List.of(current.id(), draft.type().name(), draft.stem(),
                                        draft.optionsJson(), String.join(",", draft.correctKeys()), draft.explanation(),
                                        draft.difficulty().shortValue(), draft.grade().shortValue(), actor.id())))
                                .chain(() -> c.preparedQuery("delete from question_version_kp where version_id = $1").execute(Tuple.of(current.id())))
                                .chain(() -> tagPoints(c, current.id(), draft.knowledgePoints(), points))
                                .chain(() -> audit(c, questionId, current.version(), actor, Action.EDITED, null, current.content()))
                                .replaceWith(current.version());
                    } else {
                        int next = current.version() + 1;
                        written = insertVersion(c, questionId, next, draft, actor, false, points)
                                .chain(() -> audit(c, questionId, next, actor, Action.EDITED, null, null)).replaceWith(next);
                    }
                    return written;
                }))))).chain(() -> detail(actor, questionId));
    }

    /** DRAFT to IN_REVIEW. */
    public Uni<QuestionDetail> submit(Actor actor, long questionId) {
        return pool.withTransaction(c -> submitIn(c, actor, questionId)).chain(() -> detail(actor, questionId));
    }

    private Uni<Void> submitIn(SqlConnection c, Actor actor, long questionId) {
        return tradeOf(c, actor, questionId, true).chain(() -> newest(c, questionId)).chain(current -> {
            if (current.status() != Status.DRAFT) {
                throw DomainException.conflict("not-a-draft", "只有草稿可以提交审核（第 " + current.version() + " 版是" + label(current.status()) + "）");
            }
            return c.preparedQuery("update question_version set status = 'IN_REVIEW', submitted_at = now(), updated_at = now() where id = $1")
                    .execute(Tuple.of(current.id()))
                    .chain(() -> audit(c, questionId, current.version(), actor, Action.SUBMITTED, null, null));
        });
    }

    /**
     * Approves (the version is published, the one published before it retired) or returns it to its author with a
     * comment. Nobody approves or returns a version they created or edited.
     */
    public Uni<QuestionDetail> review(Actor actor, long questionId, Decision decision, String comment) {
        return pool.withTransaction(c -> reviewIn(c, actor, questionId, decision, comment))
                .invoke(tradeId -> bank.forgetCandidates(tradeId))
                .chain(() -> detail(actor, questionId));
    }

    private Uni<Long> reviewIn(SqlConnection c, Actor actor, long questionId, Decision decision, String rawComment) {
        String comment = rawComment == null || rawComment.isBlank() ? null : rawComment.strip();
        if (decision == Decision.RETURN && comment == null) {
            throw DomainException.unprocessable("A returned question needs a comment",
                    List.of(new Violation("comment", "退回时请写明原因")));
        }
        return tradeOf(c, actor, questionId, true).chain(tradeId -> newest(c, questionId).chain(current -> {
            if (current.status() != Status.IN_REVIEW) {
                throw DomainException.conflict("not-in-review", "第 " + current.version() + " 版不在审核中（" + label(current.status()) + "）");
            }
            return c.preparedQuery("""
                    select exists (select 1 from question_audit where question_id = $1 and version = $2 and actor_id = $3
                                     and action in ('CREATED', 'IMPORTED', 'EDITED'))""")
                    .execute(Tuple.of(questionId, current.version(), actor.id())).chain(rows -> {
                        if (rows.iterator().next().getBoolean(0) || Long.valueOf(actor.id()).equals(current.authorId())) {
                            throw new DomainException(403, "four-eyes", "Forbidden", "审核人不能是本版的作者或修改人：请另一位培训师审核");
                        }
                        Uni<?> change = decision == Decision.RETURN
                                ? c.preparedQuery("update question_version set status = 'DRAFT', reviewer_id = $2, review_comment = $3,"
                                        + " updated_at = now() where id = $1").execute(Tuple.of(current.id(), actor.id(), comment))
                                : c.preparedQuery("update question_version set status = 'RETIRED', retired_at = now(), updated_at = now()"
                                        + " where question_id = $1 and status = 'PUBLISHED'").execute(Tuple.of(questionId))
                                        .chain(() -> c.preparedQuery("update question_version set status = 'PUBLISHED', published_at = now(),"
                                                + " reviewer_id = $2, review_comment = $3, updated_at = now() where id = $1")
                                                .execute(Tuple.of(current.id(), actor.id(), comment)));
                        return change.chain(() -> audit(c, questionId, current.version(), actor,
                                decision == Decision.RETURN ? Action.RETURNED : Action.APPROVED, comment, null)).replaceWith(tradeId);
                    });
        }));
    }

    /** The published version retired: no paper draws the question any more; papers that showed it keep it. */
    public Uni<QuestionDetail> retire(Actor actor, long questionId) {
        return pool.withTransaction(c -> tradeOf(c, actor, questionId, true).chain(tradeId -> c.preparedQuery(
                "update question_version set status = 'RETIRED', retired_at = now(), updated_at = now()"
                        + " where question_id = $1 and status = 'PUBLISHED' returning version").execute(Tuple.of(questionId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw DomainException.conflict("not-published", "这道题没有已发布的版本");
                    }
                    return audit(c, questionId, rows.iterator().next().getInteger(0), actor, Action.RETIRED, null, null);
                }).replaceWith(tradeId)))
                .invoke(tradeId -> bank.forgetCandidates(tradeId))
                .chain(() -> detail(actor, questionId));
    }

    /** Submits each question on its own: one that cannot go leaves the others going. */
    public Uni<BatchResult> submitAll(Actor actor, List<Long> ids) {
        return batch(ids, id -> pool.withTransaction(c -> submitIn(c, actor, id)));
    }

    public Uni<BatchResult> reviewAll(Actor actor, List<Long> ids, Decision decision, String comment) {
        return batch(ids, id -> pool.withTransaction(c -> reviewIn(c, actor, id, decision, comment))
                .invoke(tradeId -> bank.forgetCandidates(tradeId)));
    }

    private static Uni<BatchResult> batch(List<Long> ids, Function<Long, Uni<?>> step) {
        List<Long> done = new ArrayList<>();
        List<BatchFailure> failed = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Long id : new java.util.LinkedHashSet<>(ids)) {
            chain = chain.chain(() -> step.apply(id).invoke(() -> done.add(id)).replaceWithVoid()
                    .onFailure(DomainException.class).recoverWithItem(e -> {
                        failed.add(new BatchFailure(id, e.getMessage()));
                        return null;
                    }));
        }
        return chain.map(v -> new BatchResult(done, failed));
    }

    private static Uni<Void> audit(SqlConnection c, long questionId, int version, Actor actor, Action action, String comment, String before) {
        return c.preparedQuery("insert into question_audit (question_id, version, actor_id, action, comment, before)"
                + " values ($1, $2, $3, $4, $5, $6)").execute(Tuple.from(Arrays.asList(questionId, version, actor.id(), action.name(),
                        comment, before))).replaceWithVoid();
    }

    private static String label(Status status) {
        return switch (status) {
            case DRAFT -> "草稿";
            case IN_REVIEW -> "审核中";
            case PUBLISHED -> "已发布";
            case RETIRED -> "已停用";
        };
    }

    // ---- reading ----

    /** Who wrote or changed a version (none of them may approve it), of version alias $V. */
    private static final String EDITORS = """
            (select coalesce(array_agg(distinct qa.actor_id), '{}') from question_audit qa where qa.question_id = $V.question_id
              and qa.version = $V.version and qa.action in ('CREATED', 'IMPORTED', 'EDITED'))""";

    private static final String VERSION_COLUMNS = """
            v.id, v.version, v.status, v.type, v.stem, v.options, v.correct_keys, v.explanation, v.difficulty, v.grade,
            (select coalesce(array_agg(k.name order by k.name), '{}') from question_version_kp vk join knowledge_point k
              on k.id = vk.knowledge_point_id where vk.version_id = v.id),
            v.author_id, au.display_name, v.created_at, v.updated_at, v.submitted_at, v.reviewer_id, re.display_name,
            v.review_comment, v.published_at, v.retired_at, """ + EDITORS.replace("$V", "v");


    public Uni<QuestionDetail> detail(Actor actor, long questionId) {
        return pool.withConnection(c -> tradeOf(c, actor, questionId, false)
                .chain(() -> c.preparedQuery("select q.ref, q.trade_id, q.pool from question q where q.id = $1").execute(Tuple.of(questionId)))
                .chain(head -> c.preparedQuery("select " + VERSION_COLUMNS + " " + """
                         from question_version v left join account au on au.id = v.author_id
                         left join account re on re.id = v.reviewer_id
                         where v.question_id = $1 order by v.version desc""").execute(Tuple.of(questionId))
                        .chain(versions -> c.preparedQuery("""
                                select d.id, d.ref, (select stem from question_version where question_id = d.id order by version desc limit 1)
                                from question q join question d on d.trade_id = q.trade_id and d.stem_key = q.stem_key and d.id <> q.id
                                where q.id = $1 order by d.id limit 20""").execute(Tuple.of(questionId))
                                .map(dups -> {
                                    Row h = head.iterator().next();
                                    List<VersionView> views = new ArrayList<>();
                                    versions.forEach(r -> views.add(version(r)));
                                    List<QuestionRef> duplicates = new ArrayList<>();
                                    dups.forEach(r -> duplicates.add(new QuestionRef(r.getLong(0), r.getString(1), r.getString(2))));
                                    return new QuestionDetail(questionId, h.getString(0), h.getLong(1), QuestionPool.valueOf(h.getString(2)),
                                            views, duplicates, List.of(), List.of());
                                }))))
                .chain(detail -> statistics.ofQuestion(questionId).chain(stats -> statistics.weeksOf(questionId)
                        .map(weeks -> new QuestionDetail(detail.id(), detail.ref(), detail.tradeId(), detail.pool(), detail.versions(),
                                detail.duplicates(), stats, weeks))));
    }

    private static VersionView version(Row r) {
        return new VersionView(r.getLong(0), r.getInteger(1), Status.valueOf(r.getString(2)), QuestionType.valueOf(r.getString(3)),
                r.getString(4), options(r.getString(5)), Arrays.asList(r.getString(6).split(",")), r.getString(7),
                r.getInteger(8), r.getInteger(9), Arrays.asList(r.getArrayOfStrings(10)), person(r, 11), r.getOffsetDateTime(13),
                r.getOffsetDateTime(14), r.getOffsetDateTime(15), person(r, 16), r.getString(18), r.getOffsetDateTime(19),
                r.getOffsetDateTime(20), editors(r, 21, person(r, 11)));
    }

    /** The version's writers: its author and everyone the audit shows creating or editing it. */
    private static List<Long> editors(Row r, int column, Person author) {
        java.util.Set<Long> ids = new java.util.TreeSet<>(Arrays.asList(r.getArrayOfLongs(column)));
        if (author != null) {
            ids.add(author.id());
        }
        return List.copyOf(ids);
    }

    private static Person person(Row r, int idColumn) {
        Long id = r.getLong(idColumn);
        return id == null ? null : new Person(id, r.getString(idColumn + 1));
    }

    static List<QuestionOption> options(String json) {
        io.vertx.core.json.JsonArray array = new io.vertx.core.json.JsonArray(json);
        List<QuestionOption> options = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject o = array.getJsonObject(i);
            options.add(new QuestionOption(o.getString("key"), o.getString("text")));
        }
        return options;
    }

    /** Who did what to the question, oldest first. */
    public Uni<List<AuditEntry>> audit(Actor actor, long questionId) {
        return pool.withConnection(c -> tradeOf(c, actor, questionId, false).chain(() -> c.preparedQuery("""
                select a.at, a.actor_id, ac.display_name, a.action, a.version, a.comment from question_audit a
                join account ac on ac.id = a.actor_id where a.question_id = $1 order by a.id""").execute(Tuple.of(questionId))))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    rows.forEach(r -> entries.add(new AuditEntry(r.getOffsetDateTime(0), new Person(r.getLong(1), r.getString(2)),
                            Action.valueOf(r.getString(3)), r.getInteger(4), r.getString(5))));
                    return entries;
                });
    }

    /** A question as the list shows it: its newest version, and the statistics of the version workers see. */
    private record Listed(QuestionSummary summary, long statisticsVersionId) {
    }

    /**
     * A page of the trade's questions by their newest version. The bank of one trade is at most some thousands of
     * questions: the filters run in PostgreSQL, and the statistics (computed in Java from their sums) are joined,
     * filtered and sorted here.
     */
    public Uni<PageView<QuestionSummary>> list(Actor actor, long tradeId, Filter filter, Paging paging) {
        return requireTrade(actor, tradeId).chain(() -> listAll(tradeId, filter)).map(all -> {
            long from = Math.min(paging.offset(), all.size());
            int to = (int) Math.min(from + paging.size(), all.size());
            return new PageView<>(all.subList((int) from, to), all.size(), paging.page(), paging.size());
        });
    }

    /** Every question of the list, sorted; the actor must be checked already. */
    Uni<List<QuestionSummary>> listAll(long tradeId, Filter filter) {
        StringBuilder where = new StringBuilder("q.trade_id = $1");
        List<Object> params = new ArrayList<>(List.of(tradeId));
        Map<String, Object> conditions = new java.util.LinkedHashMap<>();
        if (filter.status() != null) {
            conditions.put("nv.status = $", filter.status().name());
        }
        if (filter.grade() != null) {
            conditions.put("nv.grade = $", filter.grade().shortValue());
        }
        if (filter.difficulty() != null) {
            conditions.put("nv.difficulty = $", filter.difficulty().shortValue());
        }
        if (filter.type() != null) {
            conditions.put("nv.type = $", filter.type().name());
        }
        if (filter.pool() != null) {
            conditions.put("q.pool = $", filter.pool().name());
        }
        if (filter.author() != null) {
            conditions.put("nv.author_id = $", filter.author());
        }
        if (filter.knowledgePoint() != null && !filter.knowledgePoint().isBlank()) {
            conditions.put("exists (select 1 from question_version_kp vk join knowledge_point k on k.id = vk.knowledge_point_id"
                    + " where vk.version_id = nv.id and k.name = $)", filter.knowledgePoint().strip());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            // a literal search: % and _ typed by the trainer match themselves
            String like = "%" + filter.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            conditions.put("(nv.stem ilike $ or nv.options ilike $ or q.ref ilike $)", like);
        }
        conditions.forEach((sql, value) -> {
            params.add(value);
            where.append(" and ").append(sql.replace("$", "$" + params.size()));
        });
        String query = """
                select q.id, q.ref, q.pool, nv.status, nv.version, pv.version, nv.type, nv.stem, nv.grade, nv.difficulty,
                       (select coalesce(array_agg(k.name order by k.name), '{}') from question_version_kp vk
                         join knowledge_point k on k.id = vk.knowledge_point_id where vk.version_id = nv.id),
                       nv.author_id, au.display_name, nv.updated_at, coalesce(pv.id, nv.id), """ + EDITORS.replace("$V", "nv") + """

                from question q
                join lateral (select * from question_version v where v.question_id = q.id order by v.version desc limit 1) nv on true
                left join question_version pv on pv.question_id = q.id and pv.status = 'PUBLISHED'
                left join account au on au.id = nv.author_id
                """ + " where " + where;
        return pool.preparedQuery(query).execute(Tuple.from(params))
                .chain(rows -> statistics.ofTrade(tradeId).map(stats -> {
                    Map<Long, ItemStatistic> byVersion = new HashMap<>();
                    stats.forEach(s -> byVersion.put(s.versionId(), s));
                    List<QuestionSummary> items = new ArrayList<>();
                    for (Row r : rows) {
                        ItemStatistic s = byVersion.get(r.getLong(14));
                        if (filter.flagged() && (s == null || s.flags().isEmpty())) {
                            continue;
                        }
                        items.add(new QuestionSummary(r.getLong(0), r.getString(1), tradeId, QuestionPool.valueOf(r.getString(2)),
                                Status.valueOf(r.getString(3)), r.getInteger(4), r.getInteger(5), QuestionType.valueOf(r.getString(6)),
                                r.getString(7), r.getInteger(8), r.getInteger(9), Arrays.asList(r.getArrayOfStrings(10)),
                                person(r, 11), r.getOffsetDateTime(13),
                                s == null ? null : new StatisticsSummary(s.shown(), s.facility(), s.discrimination(), s.flags()),
                                editors(r, 15, person(r, 11))));
                    }
                    items.sort(order(filter.sort()));
                    return items;
                }));
    }

    /** "ref", "-updatedAt", ...: questions without the figure sort last either way. */
    static Comparator<QuestionSummary> order(String sort) {
        String s = sort == null || sort.isBlank() ? "ref" : sort.strip();
        boolean descending = s.startsWith("-");
        String field = descending ? s.substring(1) : s;
        if (!SORTS.contains(field)) {
            throw new DomainException(400, "validation", "Invalid request", "The request has invalid fields",
                    List.of(new Violation("sort", "must be one of ref, updatedAt, facility, discrimination, with - for descending")));
        }
        Comparator<QuestionSummary> byRef = Comparator.comparing(QuestionSummary::ref);
        Comparator<QuestionSummary> c = switch (field) {
            case "updatedAt" -> Comparator.comparing(QuestionSummary::updatedAt);
            case "facility" -> nullsLast(q -> q.statistics() == null ? null : q.statistics().facility(), descending);
            case "discrimination" -> nullsLast(q -> q.statistics() == null ? null : q.statistics().discrimination(), descending);
            default -> byRef;
        };
        if (field.equals("facility") || field.equals("discrimination")) {
            return c.thenComparing(byRef);
        }
        return (descending ? c.reversed() : c).thenComparing(byRef);
    }

    private static Comparator<QuestionSummary> nullsLast(Function<QuestionSummary, Double> figure, boolean descending) {
        Comparator<Double> natural = descending ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder();
        return Comparator.comparing(figure, Comparator.nullsLast(natural));
    }

    /** Published questions by grade, difficulty and pool (by their published version), and the levels that draw from them. */
    public record SpreadCell(int grade, int difficulty, QuestionPool pool, long questions) {
    }

    public record DrawingLevel(long id, int mapOrder, String name, int grade, boolean exam, int questionCount) {
    }

    public record Spread(List<SpreadCell> cells, List<DrawingLevel> levels) {
    }

    public Uni<Spread> spread(Actor actor, long tradeId) {
        return requireTrade(actor, tradeId).chain(() -> pool.preparedQuery("""
                select v.grade, v.difficulty, q.pool, count(*) from question q
                join question_version v on v.question_id = q.id and v.status = 'PUBLISHED'
                where q.trade_id = $1 group by 1, 2, 3 order by 1, 2, 3""").execute(Tuple.of(tradeId)))
                .chain(cells -> pool.preparedQuery("""
                        select id, map_order, name, grade, exam, question_count from level where trade_id = $1 and retired_at is null
                        order by map_order""").execute(Tuple.of(tradeId)).map(levels -> {
                            List<SpreadCell> out = new ArrayList<>();
                            cells.forEach(r -> out.add(new SpreadCell(r.getInteger(0), r.getInteger(1), QuestionPool.valueOf(r.getString(2)),
                                    r.getLong(3))));
                            List<DrawingLevel> drawing = new ArrayList<>();
                            levels.forEach(r -> drawing.add(new DrawingLevel(r.getLong(0), r.getInteger(1), r.getString(2), r.getInteger(3),
                                    r.getBoolean(4), r.getInteger(5))));
                            return new Spread(out, drawing);
                        }));
    }

    // ---- knowledge points ----

    public Uni<List<KnowledgePointView>> knowledgePoints(Actor actor, long tradeId) {
        return requireTrade(actor, tradeId).chain(() -> pool.preparedQuery("""
                select k.id, k.name, count(distinct v.question_id) from knowledge_point k
                left join question_version_kp vk on vk.knowledge_point_id = k.id
                left join question_version v on v.id = vk.version_id and v.status <> 'RETIRED'
                where k.trade_id = $1 group by k.id order by k.name""").execute(Tuple.of(tradeId)))
                .map(rows -> {
                    List<KnowledgePointView> points = new ArrayList<>();
                    rows.forEach(r -> points.add(new KnowledgePointView(r.getLong(0), r.getString(1), r.getLong(2))));
                    return points;
                });
    }

    public Uni<KnowledgePointView> createKnowledgePoint(Actor actor, long tradeId, String name) {
        String clean = pointName(name);
        return requireTrade(actor, tradeId).chain(() -> pool.preparedQuery(
                "insert into knowledge_point (trade_id, name) values ($1, $2) returning id").execute(Tuple.of(tradeId, clean)))
                .onFailure(Failures::isUniqueViolation).transform(e -> DomainException.conflict("knowledge-point-exists",
                        "知识点“" + clean + "”已经存在"))
                .map(rows -> new KnowledgePointView(rows.iterator().next().getLong(0), clean, 0));
    }

    private static String pointName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 64 || clean.contains("|")) {
            throw DomainException.unprocessable("Invalid knowledge point name",
                    List.of(new Violation("name", "知识点名称须是 1 到 64 个字，且不含 |")));
        }
        return clean;
    }

    /** A new name for the point, carried into the draw rules of the trade's levels that name it. */
    public Uni<KnowledgePointView> renameKnowledgePoint(Actor actor, long pointId, String name) {
        String clean = pointName(name);
        return pool.withTransaction(c -> pointTrade(c, actor, pointId).chain(point -> c.preparedQuery(
                "update knowledge_point set name = $2 where id = $1").execute(Tuple.of(pointId, clean))
                .onFailure(Failures::isUniqueViolation).transform(e -> DomainException.conflict("knowledge-point-exists",
                        "知识点“" + clean + "”已经存在"))
                .chain(() -> renameInDrawRules(c, point.tradeId(), point.name(), clean))
                .replaceWith(point.tradeId())))
                .chain(tradeId -> knowledgePoints(actor, tradeId))
                .map(all -> all.stream().filter(p -> p.id() == pointId).findFirst().orElseThrow());
    }

    /** The point's questions tagged with {@code into} instead, draw rules renamed, the point deleted. */
    public Uni<KnowledgePointView> mergeKnowledgePoint(Actor actor, long pointId, long intoId) {
        if (pointId == intoId) {
            throw DomainException.unprocessable("A point cannot be merged into itself", List.of(new Violation("into", "不能合并到自身")));
        }
        return pool.withTransaction(c -> pointTrade(c, actor, pointId).chain(from -> pointTrade(c, actor, intoId).chain(into -> {
            if (into.tradeId() != from.tradeId()) {
                throw DomainException.unprocessable("Both points must be of one trade", List.of(new Violation("into", "只能合并同一工种的知识点")));
            }
            return c.preparedQuery("""
                    insert into question_version_kp (version_id, knowledge_point_id)
                    select version_id, $2 from question_version_kp where knowledge_point_id = $1 on conflict do nothing""")
                    .execute(Tuple.of(pointId, intoId))
                    .chain(() -> c.preparedQuery("delete from question_version_kp where knowledge_point_id = $1").execute(Tuple.of(pointId)))
                    .chain(() -> c.preparedQuery("delete from knowledge_point where id = $1").execute(Tuple.of(pointId)))
                    .chain(() -> renameInDrawRules(c, from.tradeId(), from.name(), into.name()))
                    .replaceWith(from.tradeId());
        }))).invoke(tradeId -> bank.forgetCandidates(tradeId))
                .chain(tradeId -> knowledgePoints(actor, tradeId))
                .map(all -> all.stream().filter(p -> p.id() == intoId).findFirst().orElseThrow());
    }

    private record Point(long tradeId, String name) {
    }

    private Uni<Point> pointTrade(SqlConnection c, Actor actor, long pointId) {
        return c.preparedQuery("select k.trade_id, k.name, t.industry_id from knowledge_point k join trade t on t.id = k.trade_id"
                + " where k.id = $1 for update of k").execute(Tuple.of(pointId)).map(rows -> {
                    if (rows.size() == 0 || !actor.covers(rows.iterator().next().getLong(2))) {
                        throw DomainException.notFound("Knowledge point", pointId);
                    }
                    Row r = rows.iterator().next();
                    return new Point(r.getLong(0), r.getString(1));
                });
    }

    /** Level draw rules name knowledge points: a rename or merge rewrites them in the same transaction. */
    private static Uni<Void> renameInDrawRules(SqlConnection c, long tradeId, String from, String to) {
        return c.preparedQuery("""
                update level l set draw_rule = jsonb_set(l.draw_rule::jsonb, '{parts}', (
                    select coalesce(jsonb_agg(case when jsonb_typeof(p -> 'knowledgePoints') = 'array'
                        then jsonb_set(p, '{knowledgePoints}', (select coalesce(jsonb_agg(distinct case when e = $2 then $3 else e end), '[]')
                                                                from jsonb_array_elements_text(p -> 'knowledgePoints') e))
                        else p end order by n), '[]')
                    from jsonb_array_elements(l.draw_rule::jsonb -> 'parts') with ordinality x(p, n)))::text
                where l.trade_id = $1 and jsonb_typeof(l.draw_rule::jsonb -> 'parts') = 'array'
                  and exists (select 1 from jsonb_array_elements(l.draw_rule::jsonb -> 'parts') p
                              where jsonb_typeof(p -> 'knowledgePoints') = 'array' and (p -> 'knowledgePoints') ? $2)""")
                .execute(Tuple.of(tradeId, from, to)).replaceWithVoid();
    }

    /** For the sheet's rows: the stems' keys already in the trade, by key, to warn of duplicates. */
    Uni<Map<String, QuestionRef>> stemKeys(long tradeId, List<String> stems) {
        return pool.preparedQuery("""
                select s.stem, q.id, q.ref from unnest($2::text[]) s(stem)
                join question q on q.trade_id = $1 and q.stem_key = question_stem_key(s.stem)""")
                .execute(Tuple.of(tradeId, stems.toArray(String[]::new))).map(rows -> {
                    Map<String, QuestionRef> found = new HashMap<>();
                    rows.forEach(r -> found.putIfAbsent(r.getString(0), new QuestionRef(r.getLong(1), r.getString(2), r.getString(0))));
                    return found;
                });
    }

    Pool pool() {
        return pool;
    }

}
