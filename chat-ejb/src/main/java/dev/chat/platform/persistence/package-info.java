/** The database as the platform uses it: the data source name and schema migrations. */
package dev.chat.platform.persistence;
