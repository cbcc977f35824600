/** Entry points of the message component: the Kafka publisher and the persisting consumer. */
package dev.chat.message.boundary;
