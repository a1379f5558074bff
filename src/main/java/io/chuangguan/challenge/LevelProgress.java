package io.chuangguan.challenge;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A worker's standing on one level: the best CHALLENGE score counts for points and for passing. */
@Entity
@Table(name = "level_progress")
@IdClass(LevelProgress.Key.class)
public class LevelProgress extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public Long accountId;
    @Id
    @Column(name = "level_id")
    public Long levelId;
    @Column(name = "best_score")
    public short bestScore;
    @Column(name = "best_attempt_id")
    public Long bestAttemptId;
    @Column(name = "best_at")
    public Instant bestAt;
    public short stars;
    @Column(name = "passed_at")
    public Instant passedAt;
    @Column(name = "challenge_attempts")
    public int challengeAttempts;
    @Column(name = "practice_attempts")
    public int practiceAttempts;

    public boolean passed() {
        return passedAt != null;
    }

    public static class Key implements Serializable {
        public Long accountId;
        public Long levelId;

        public Key() {
        }

        public Key(Long accountId, Long levelId) {
            this.accountId = accountId;
            this.levelId = levelId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(levelId, k.levelId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, levelId);
        }
    }
}
