package io.chuangguan.level;

import io.vertx.mutiny.sqlclient.Row;

/**
 * One step of a trade's level map (闯关地图). The one mapping of the {@code level} table: it is read only through
 * {@link #COLUMNS} and {@link #of(Row)}, into the cached maps of {@link LevelService}.
 */
public class Level {

    /** The columns {@link #of(Row)} reads, in its order. */
    static final String COLUMNS = "id, trade_id, map_order, name, grade, question_count, draw_rule,"
            + " time_limit_seconds, pass_mark, star1, star2, star3, exam, retired_at is not null";

    public Long id;
    public Long tradeId;
    /**
     * Position in the trade's map. A level opens when the one before it is passed, and stays open for a worker who
     * has progress on it (a changed map never closes a level a worker had open).
     */
    public int mapOrder;
    public String name;
    public short grade;
    public int questionCount;
    /** {@link DrawRule} as JSON. */
    public String drawRule;
    public int timeLimitSeconds;
    /** Percent needed to pass. */
    public short passMark;
    public short star1;
    public short star2;
    public short star3;
    /** Part of the exam for its grade (promotion needs every exam level of a grade passed). */
    public boolean exam;
    /** Taken off the map: no new attempts; attempts under way can still be submitted. */
    public boolean retired;

    static Level of(Row r) {
        Level level = new Level();
        level.id = r.getLong(0);
        level.tradeId = r.getLong(1);
        level.mapOrder = r.getInteger(2);
        level.name = r.getString(3);
        level.grade = r.getShort(4);
        level.questionCount = r.getInteger(5);
        level.drawRule = r.getString(6);
        level.timeLimitSeconds = r.getInteger(7);
        level.passMark = r.getShort(8);
        level.star1 = r.getShort(9);
        level.star2 = r.getShort(10);
        level.star3 = r.getShort(11);
        level.exam = r.getBoolean(12);
        level.retired = r.getBoolean(13);
        return level;
    }

    /** Stars for a score: one per threshold reached, none below the pass mark. */
    public int starsFor(int score) {
        if (score < passMark) {
            return 0;
        }
        return (score >= star1 ? 1 : 0) + (score >= star2 ? 1 : 0) + (score >= star3 ? 1 : 0);
    }
}
