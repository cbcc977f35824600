/** The sealed format, the master keys from configuration, and the wrapped data keys in table {@code user_data_keys}. */
package dev.chat.crypto.control;
