/** What the other features call to seal and open content, and the background re-wrapping after a master key rotation. */
package dev.chat.crypto.boundary;
