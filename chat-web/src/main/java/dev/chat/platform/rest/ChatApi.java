package dev.chat.platform.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API under {@code /api/v1}. Requests carry {@code Authorization: Bearer <accessToken>},
 * verified by MicroProfile JWT (key and issuer: {@code mp.jwt.verify.*}); resources require the
 * role {@code user} except register, login and refresh.
 */
@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles("user")
public class ChatApi extends Application {
}
