package io.chuangguan.level;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One step of a trade's level map (闯关地图). */
@Entity
public class Level extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "trade_id")
    public Long tradeId;
    /** Position in the trade's map; a level opens when the one before it is passed. */
    @Column(name = "map_order")
    public int mapOrder;
    public String name;
    public short grade;
    @Column(name = "question_count")
    public int questionCount;
    /** {@link DrawRule} as JSON. */
    @Column(name = "draw_rule", columnDefinition = "text")
    public String drawRule;
    @Column(name = "time_limit_seconds")
    public int timeLimitSeconds;
    /** Percent needed to pass. */
    @Column(name = "pass_mark")
    public short passMark;
    public short star1;
    public short star2;
    public short star3;
    /** Part of the exam for its grade (promotion needs every exam level of a grade passed). */
    public boolean exam;

    /** Stars for a score: one per threshold reached, none below the pass mark. */
    public int starsFor(int score) {
        if (score < passMark) {
            return 0;
        }
        return (score >= star1 ? 1 : 0) + (score >= star2 ? 1 : 0) + (score >= star3 ? 1 : 0);
    }
}
