/** Kafka as the platform uses it: channel names shared by producers and consumers. */
package dev.chat.platform.kafka;
