/** MicroProfile Health readiness of the platform's dependencies: PostgreSQL, Redis, Kafka. */
package dev.chat.platform.health;
