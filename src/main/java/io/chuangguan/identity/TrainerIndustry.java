package io.chuangguan.identity;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An industry whose question banks a trainer looks after. */
@Entity
@Table(name = "trainer_industry")
@IdClass(TrainerIndustry.Key.class)
public class TrainerIndustry extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public Long accountId;
    @Id
    @Column(name = "industry_id")
    public Long industryId;

    public static class Key implements Serializable {
        public Long accountId;
        public Long industryId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(industryId, k.industryId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, industryId);
        }
    }
}
