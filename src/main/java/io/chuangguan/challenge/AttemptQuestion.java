package io.chuangguan.challenge;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A question on an attempt's paper: the exact version shown, the shown option order, the answer given. */
@Entity
@Table(name = "attempt_question")
@IdClass(AttemptQuestion.Key.class)
public class AttemptQuestion extends PanacheEntityBase {

    @Id
    @Column(name = "attempt_id")
    public Long attemptId;
    @Id
    public int position;
    @Column(name = "question_id")
    public Long questionId;
    @Column(name = "question_version_id")
    public Long questionVersionId;
    /** Authoring keys in shown order: "C,A,D,B" shows option C as A. */
    @Column(name = "option_order")
    public String optionOrder;
    /** Shown keys chosen, "A,C"; null when unanswered. */
    public String selected;
    public Boolean correct;

    public static class Key implements Serializable {
        public Long attemptId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(attemptId, k.attemptId) && position == k.position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(attemptId, position);
        }
    }
}
