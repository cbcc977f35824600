/** Identities: access tokens (JWT) and who a connection or request belongs to. */
package dev.chat.auth;
