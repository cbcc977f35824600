/** Mail to people: SMTP through Jakarta Mail, texts from template files (docs/configuration.md, "Mail"). */
package dev.chat.platform.mail;
