package io.chuangguan.identity;

import java.io.Serializable;
import java.util.Objects;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The skill grade (5..1) a worker holds in one trade. */
@Entity
@Table(name = "worker_grade")
@IdClass(WorkerGrade.Key.class)
public class WorkerGrade extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public Long accountId;
    @Id
    @Column(name = "trade_id")
    public Long tradeId;
    public short grade;
    @Column(name = "obtained_on")
    public LocalDate obtainedOn;
    @Column(name = "certificate_no")
    public String certificateNo;

    public static class Key implements Serializable {
        public Long accountId;
        public Long tradeId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(tradeId, k.tradeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, tradeId);
        }
    }
}
