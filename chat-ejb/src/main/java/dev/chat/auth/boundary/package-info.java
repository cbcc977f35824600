/** Entry points of accounts: registration, login, token refresh, the own profile. */
package dev.chat.auth.boundary;
