package io.chuangguan.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
public class Enterprise extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Column(name = "credit_code")
    public String creditCode;
    /** The county the enterprise is registered in. */
    @Column(name = "region_id")
    public Long regionId;
    @Column(name = "industry_id")
    public Long industryId;
    @Enumerated(EnumType.STRING)
    @Column(name = "size_class")
    public SizeClass sizeClass;
}
