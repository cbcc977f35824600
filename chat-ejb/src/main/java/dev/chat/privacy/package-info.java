/**
 * What the platform does with people's data on their request (docs/privacy.md): a deleted account
 * is erased everywhere the project keeps a copy it can reach.
 */
package dev.chat.privacy;
