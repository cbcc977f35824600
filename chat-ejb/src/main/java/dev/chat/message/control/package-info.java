/** Message logic: ids, exactly-once storage with per-room sequence numbers. */
package dev.chat.message.control;
