/** The erasure of deleted accounts: requested with the deletion, done in steps by any node. */
package dev.chat.privacy.boundary;
