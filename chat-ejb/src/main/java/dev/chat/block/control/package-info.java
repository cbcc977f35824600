/** Table {@code user_blocks}, read both ways. */
package dev.chat.block.control;
