package dev.chat.auth.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A registered user. A deleted account keeps its row (and its username) with {@code deletedAt} set. */
@Entity
@Table(name = "users")
@NamedQuery(name = UserAccount.BY_USERNAME, query = "SELECT u FROM UserAccount u WHERE u.username = :username")
@NamedQuery(name = UserAccount.BY_EMAIL, query = "SELECT u FROM UserAccount u WHERE u.email = :email")
public class UserAccount {
    public static final String BY_USERNAME = "UserAccount.byUsername";
    public static final String BY_EMAIL = "UserAccount.byEmail";

    @Id
    private String id;
    @Column(name = "username", nullable = false, updatable = false)
    private String username;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "password_hash", nullable = false)
    private String passwordHash;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    /** Trimmed and in lower case (EmailAddresses); null: none. */
    @Column(name = "email")
    private String email;
    @Column(name = "email_verified_at")
    private Instant emailVerifiedAt;
    /** Raised when the account's sessions end: tokens of an older generation are refused, sessions opened with them closed. */
    @Column(name = "session_generation", nullable = false)
    private int sessionGeneration;
    @Column(name = "sessions_revoked_at")
    private Instant sessionsRevokedAt;

    protected UserAccount() {
        // for JPA
    }

    public UserAccount(String id, String username, String displayName, String passwordHash, Instant createdAt) {
        this.id = id;
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public String id() { return id; }
    public String username() { return username; }
    public String displayName() { return displayName != null ? displayName : username; }
    public String passwordHash() { return passwordHash; }
    public Instant createdAt() { return createdAt; }
    public boolean isDeleted() { return deletedAt != null; }
    public String email() { return email; }
    public boolean emailVerified() { return email != null && emailVerifiedAt != null; }
    public Instant sessionsRevokedAt() { return sessionsRevokedAt; }
    public int sessionGeneration() { return sessionGeneration; }

    /** Whether an access token issued in session generation {@code generation} still speaks for this account. */
    public boolean honours(int generation) {
        return !isDeleted() && generation >= sessionGeneration;
    }

    /** A new address, unverified (null: none). */
    public void changeEmail(String normalisedEmail) {
        this.email = normalisedEmail;
        this.emailVerifiedAt = null;
    }

    public void emailVerified(Instant at) {
        this.emailVerifiedAt = at;
    }

    public void changePassword(String newPasswordHash) {
        this.passwordHash = newPasswordHash;
    }

    /** Every access token issued until now is refused from now on. */
    public void revokeSessions(Instant at) {
        this.sessionGeneration++;
        this.sessionsRevokedAt = at;
    }

    public void rename(String displayName) {
        this.displayName = displayName;
    }

    /** Deleted: its tokens refused, its address let go (another account may take it). */
    public void delete(Instant at) {
        this.deletedAt = at;
        revokeSessions(at);
        this.email = null;
        this.emailVerifiedAt = null;
    }
}
