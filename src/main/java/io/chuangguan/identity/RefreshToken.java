package io.chuangguan.identity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "account_id")
    public Long accountId;
    /** SHA-256 (hex) of the token the client holds. */
    @Column(name = "token_hash")
    public String tokenHash;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    /** ROTATED, LOGOUT or REUSE. */
    @Column(name = "revoked_reason")
    public String revokedReason;
    /** The session: one login and each refresh's successor share it, and so do their access tokens (sid). */
    @Column(name = "family_id")
    public UUID familyId;
}
