package io.chuangguan.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A node of the province > city > county tree, keyed by its administrative division code. */
@Entity
public class Region extends PanacheEntityBase {

    public enum Level { PROVINCE, CITY, COUNTY }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "parent_id")
    public Long parentId;
    @Enumerated(EnumType.STRING)
    public Level level;
    public String code;
    public String name;
}
