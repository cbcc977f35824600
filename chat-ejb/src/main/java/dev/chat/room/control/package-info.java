/** Room logic: the rules of roles, and membership reads. */
package dev.chat.room.control;
