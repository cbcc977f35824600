package dev.chat.auth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A refresh token, stored only as its SHA-256 hash. Single use: using it revokes it. */
@Entity
@Table(name = "refresh_tokens")
@NamedQuery(name = RefreshToken.BY_HASH, query = "SELECT t FROM RefreshToken t WHERE t.tokenHash = :hash")
@NamedQuery(name = RefreshToken.REVOKE_FAMILY,
        query = "UPDATE RefreshToken t SET t.revokedAt = :now WHERE t.familyId = :family AND t.revokedAt IS NULL")
@NamedQuery(name = RefreshToken.REVOKE_USER,
        query = "UPDATE RefreshToken t SET t.revokedAt = :now WHERE t.userId = :userId AND t.revokedAt IS NULL")
public class RefreshToken {
    public static final String BY_HASH = "RefreshToken.byHash";
    public static final String REVOKE_FAMILY = "RefreshToken.revokeFamily";
    public static final String REVOKE_USER = "RefreshToken.revokeUser";

    @Id
    private String id;
    @Column(name = "family_id", nullable = false, updatable = false)
    private String familyId;
    @Column(name = "user_id", nullable = false, updatable = false)
    private String userId;
    @Column(name = "token_hash", nullable = false, updatable = false)
    private String tokenHash;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected RefreshToken() {
        // for JPA
    }

    public RefreshToken(String id, String familyId, String userId, String tokenHash, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.familyId = familyId;
        this.userId = userId;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String familyId() { return familyId; }
    public String userId() { return userId; }
    public Instant createdAt() { return createdAt; }
    public boolean isRevoked() { return revokedAt != null; }
    public boolean isExpiredAt(Instant now) { return !now.isBefore(expiresAt); }

    public void revoke(Instant at) {
        this.revokedAt = at;
    }
}
