package io.chuangguan.identity;

import java.time.Instant;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
public class Account extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String phone;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "password_hash")
    public String passwordHash;
    @Convert(converter = RolesConverter.class)
    public Set<Role> roles;
    /** Union admin scope: a region and everything below it. */
    @Column(name = "scope_region_id")
    public Long scopeRegionId;
    /** Union admin scope: one enterprise. */
    @Column(name = "scope_enterprise_id")
    public Long scopeEnterpriseId;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
