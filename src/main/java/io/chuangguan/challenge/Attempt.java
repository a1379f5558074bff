package io.chuangguan.challenge;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One run at a level (or at the wrong-answer book): the drawn paper, and once submitted its result. */
@Entity
public class Attempt extends PanacheEntityBase {

    public enum Mode { CHALLENGE, PRACTICE }

    public enum Status { OPEN, SUBMITTED, TIMED_OUT }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "account_id")
    public Long accountId;
    @Column(name = "trade_id")
    public Long tradeId;
    /** Null for a practice drawn from the wrong-answer book. */
    @Column(name = "level_id")
    public Long levelId;
    @Enumerated(EnumType.STRING)
    public Mode mode;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Seeds the draw and the shuffles. */
    public long seed;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    public Short score;
    @Column(name = "correct_count")
    public Integer correctCount;
    public int total;
    public Boolean passed;
    public Short stars;
    @Column(name = "points_earned")
    public Integer pointsEarned;
    /** The first submission's response as JSON, replayed to a repeated submission. */
    @Column(columnDefinition = "text")
    public String result;
}
