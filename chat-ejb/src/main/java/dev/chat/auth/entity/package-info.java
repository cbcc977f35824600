/** Identity value types. */
package dev.chat.auth.entity;
