/** Token logic: key loading and verification of access tokens. */
package dev.chat.auth.control;
