package io.chuangguan.identity;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The worker side of an account: where they work and in which trade. */
@Entity
public class Worker extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public Long accountId;
    @Column(name = "enterprise_id")
    public Long enterpriseId;
    @Column(name = "team_id")
    public Long teamId;
    @Column(name = "trade_id")
    public Long tradeId;
    @Column(name = "trade_since")
    public LocalDate tradeSince;
}
