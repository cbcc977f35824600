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
public class UserAccount {
    public static final String BY_USERNAME = "UserAccount.byUsername";

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

    public void rename(String displayName) {
        this.displayName = displayName;
    }

    public void delete(Instant at) {
        this.deletedAt = at;
    }
}
