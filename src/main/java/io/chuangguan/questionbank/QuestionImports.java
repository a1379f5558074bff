package io.chuangguan.questionbank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.chuangguan.common.Violation;
import io.chuangguan.questionbank.AuthoringViews.Action;
import io.chuangguan.questionbank.QuestionAuthoring.Actor;
import io.chuangguan.questionbank.QuestionAuthoring.Filter;
import io.chuangguan.questionbank.QuestionSheet.Line;
import io.chuangguan.questionbank.QuestionSheet.SheetRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Question sheets in and out. An import is previewed first (nothing written) and then committed: the valid rows
 * become drafts (or go to review) in one transaction, the invalid ones are reported by row and column.
 */
@ApplicationScoped
public class QuestionImports {

    public record RowError(String column, String message) {
    }

    public record DuplicateOf(long id, String ref) {
    }

    public record PreviewRow(int row, String ref, QuestionType type, String stem, List<RowError> errors, DuplicateOf duplicateOf) {
    }

    public record Preview(List<PreviewRow> rows, int valid, int invalid) {
    }

    public record Imported(long id, String ref, int row) {
    }

    public record ImportResult(int imported, List<Long> ids, List<Imported> items, int invalid) {
    }

    /** The preview, and what it was made of. */
    private record Checked(List<SheetRow> rows, Map<Integer, List<Violation>> errors, Map<Integer, DuplicateOf> duplicates,
            List<String> points) {

        Preview preview() {
            List<PreviewRow> out = new ArrayList<>();
            int invalid = 0;
            for (SheetRow r : rows) {
                List<Violation> found = errors.getOrDefault(r.row(), List.of());
                invalid += found.isEmpty() ? 0 : 1;
                out.add(new PreviewRow(r.row(), r.draft().ref(), r.draft().type(), r.draft().stem(),
                        found.stream().map(v -> new RowError(v.field(), v.message())).toList(), duplicates.get(r.row())));
            }
            return new Preview(out, rows.size() - invalid, invalid);
        }

        List<SheetRow> validRows() {
            return rows.stream().filter(r -> !errors.containsKey(r.row())).toList();
        }
    }

    private final QuestionAuthoring authoring;
    private final Pool pool;

    public QuestionImports(QuestionAuthoring authoring, Pool pool) {
        this.authoring = authoring;
        this.pool = pool;
    }

    /** Where the rows come from: an .xlsx sheet or a GIFT text. */
    public static Supplier<QuestionSheet.Parsed> sheet(byte[] file) {
        return () -> QuestionSheet.read(file);
    }

    public static Supplier<QuestionSheet.Parsed> gift(String text) {
        return () -> QuestionGift.read(text);
    }

    public Uni<Preview> preview(Actor actor, long tradeId, Supplier<QuestionSheet.Parsed> source) {
        return check(actor, tradeId, source).map(Checked::preview);
    }

    /** Imports the valid rows; invalid ones are left out (the preview said which). */
    public Uni<ImportResult> commit(Actor actor, long tradeId, Supplier<QuestionSheet.Parsed> source, boolean submit) {
        return check(actor, tradeId, source).chain(checked -> {
            List<SheetRow> valid = checked.validRows();
            List<Long> ids = new ArrayList<>();
            return pool.withTransaction(c -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (SheetRow row : valid) {
                    chain = chain.chain(() -> authoring.insert(c, actor, tradeId, row.draft(), Action.IMPORTED, submit).invoke(ids::add)
                            .replaceWithVoid());
                }
                return chain;
            }).chain(() -> pool.preparedQuery("select id, ref from question where id = any($1::bigint[])")
                    .execute(Tuple.of((Object) ids.toArray(Long[]::new))))
                    .map(rows -> {
                        Map<Long, String> refs = new HashMap<>();
                        rows.forEach(r -> refs.put(r.getLong(0), r.getString(1)));
                        List<Imported> items = new ArrayList<>();
                        for (int i = 0; i < ids.size(); i++) {
                            items.add(new Imported(ids.get(i), refs.get(ids.get(i)), valid.get(i).row()));
                        }
                        return new ImportResult(ids.size(), ids, items, checked.rows().size() - valid.size());
                    });
        });
    }

    /** The sheet as uploaded with an error column. */
    public Uni<byte[]> errorReport(Actor actor, long tradeId, byte[] file) {
        return check(actor, tradeId, sheet(file)).map(c -> QuestionSheet.errorReport(c.rows(), c.errors(), c.points()));
    }

    public Uni<byte[]> template(Actor actor, long tradeId) {
        return authoring.requireTrade(actor, tradeId).chain(() -> pointNames(tradeId)).map(QuestionSheet::template);
    }

    /** The filtered list's questions (their newest versions), in the list's order, as a sheet. */
    public Uni<byte[]> export(Actor actor, long tradeId, Filter filter) {
        return lines(actor, tradeId, filter).chain(lines -> pointNames(tradeId).map(points -> QuestionSheet.export(lines, points)));
    }

    /** The same as GIFT text; every exported type maps. */
    public Uni<String> exportGift(Actor actor, long tradeId, Filter filter) {
        return lines(actor, tradeId, filter).map(QuestionGift::write);
    }

    private Uni<List<Line>> lines(Actor actor, long tradeId, Filter filter) {
        return authoring.requireTrade(actor, tradeId).chain(() -> authoring.listAll(tradeId, filter)).chain(listed -> pool.preparedQuery("""
                select q.id, q.ref, q.pool, v.type, v.stem, v.options, v.correct_keys, v.explanation, v.difficulty, v.grade,
                       (select coalesce(array_agg(k.name order by k.name), '{}') from question_version_kp vk
                         join knowledge_point k on k.id = vk.knowledge_point_id where vk.version_id = v.id)
                from question q
                join lateral (select * from question_version v where v.question_id = q.id order by v.version desc limit 1) v on true
                where q.id = any($1::bigint[])""").execute(Tuple.of(listed.stream().map(s -> s.id()).toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, Line> byId = new HashMap<>();
                    for (Row r : rows) {
                        byId.put(r.getLong(0), new Line(r.getString(1), QuestionType.valueOf(r.getString(3)), r.getString(4),
                                QuestionAuthoring.options(r.getString(5)), List.of(r.getString(6).split(",")), r.getString(7),
                                r.getInteger(8), r.getInteger(9), List.of(r.getArrayOfStrings(10)), QuestionPool.valueOf(r.getString(2))));
                    }
                    return listed.stream().map(s -> byId.get(s.id())).toList();
                }));
    }

    private Uni<List<String>> pointNames(long tradeId) {
        return pool.preparedQuery("select name from knowledge_point where trade_id = $1 order by name").execute(Tuple.of(tradeId))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(r -> names.add(r.getString(0)));
                    return names;
                });
    }

    /**
     * Reads the sheet (off the event loop: parsing is CPU work) and checks every row: the draft's own rules, its
     * reference and stem against the trade's questions and against the rows above it.
     */
    private Uni<Checked> check(Actor actor, long tradeId, Supplier<QuestionSheet.Parsed> source) {
        return authoring.requireTrade(actor, tradeId)
                .chain(() -> Uni.createFrom().item(source).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .chain(parsed -> {
                    List<SheetRow> rows = parsed.rows();
                    String[] stems = rows.stream().map(r -> r.draft().stem() == null ? "" : r.draft().stem()).toArray(String[]::new);
                    String[] refs = rows.stream().map(r -> r.draft().ref() == null ? "" : r.draft().ref()).toArray(String[]::new);
                    return pool.preparedQuery("""
                            select s.n, question_stem_key(s.stem),
                                   (select q.id from question q where q.trade_id = $1 and q.stem_key = question_stem_key(s.stem) order by q.id limit 1),
                                   (select q.ref from question q where q.trade_id = $1 and q.stem_key = question_stem_key(s.stem) order by q.id limit 1),
                                   exists (select 1 from question q where q.trade_id = $1 and q.ref = s.ref)
                            from unnest($2::text[], $3::text[]) with ordinality s(stem, ref, n) order by s.n""")
                            .execute(Tuple.of(tradeId, stems, refs))
                            .chain(found -> pool.preparedQuery("select name from knowledge_point where trade_id = $1").execute(Tuple.of(tradeId))
                                    .map(pointRows -> {
                                        List<String> points = new ArrayList<>();
                                        pointRows.forEach(p -> points.add(p.getString(0)));
                                        return verdicts(rows, found, points);
                                    }));
                });
    }

    private static Checked verdicts(List<SheetRow> rows, io.vertx.mutiny.sqlclient.RowSet<Row> found, List<String> points) {
        Map<Integer, List<Violation>> errors = new HashMap<>();
        Map<Integer, DuplicateOf> duplicates = new HashMap<>();
        Map<String, Integer> stemSeen = new HashMap<>();
        Map<String, Integer> refSeen = new HashMap<>();
        java.util.Set<String> pointSet = new java.util.HashSet<>(points);
        int i = 0;
        for (Row f : found) {
            SheetRow row = rows.get(i++);
            List<Violation> rowErrors = new ArrayList<>(row.errors());
            java.util.Set<String> reported = new java.util.HashSet<>();
            rowErrors.forEach(v -> reported.add(v.field()));
            // a row that is not a question of a known type gets only that said
            List<Violation> drafted = row.draft().type() == null && !row.errors().isEmpty() ? List.of() : row.draft().violations(pointSet);
            for (Violation v : drafted) {
                String column = QuestionSheet.column(v.field());
                if (reported.add(column)) {
                    rowErrors.add(new Violation(column, v.message()));
                }
            }
            String ref = row.draft().ref();
            if (ref != null) {
                Integer earlier = refSeen.putIfAbsent(ref, row.row());
                if (earlier != null) {
                    rowErrors.add(new Violation(QuestionSheet.REF, "编号与第 " + earlier + " 行相同"));
                } else if (f.getBoolean(4)) {
                    rowErrors.add(new Violation(QuestionSheet.REF, "编号 " + ref + " 已被本工种的题目使用"));
                }
            }
            String key = f.getString(1);
            if (row.draft().stem() != null && key != null && !key.isEmpty()) {
                Long existing = f.getLong(2);
                Integer earlier = stemSeen.putIfAbsent(key, row.row());
                if (existing != null) {
                    duplicates.put(row.row(), new DuplicateOf(existing, f.getString(3)));
                    rowErrors.add(new Violation(QuestionSheet.STEM, "与已有题目 " + f.getString(3) + " 重复（题干相同）"));
                } else if (earlier != null) {
                    rowErrors.add(new Violation(QuestionSheet.STEM, "与第 " + earlier + " 行的题目重复（题干相同）"));
                }
            }
            if (!rowErrors.isEmpty()) {
                errors.put(row.row(), rowErrors);
            }
        }
        return new Checked(rows, errors, duplicates, points);
    }
}
