/** Region logic: the catalogue's outbox and how another region's changes are applied (docs/regions.md). */
package dev.chat.region.control;
