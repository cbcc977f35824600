/** Entry points of regions: the catalogue's replication between regions (docs/regions.md). */
package dev.chat.region.boundary;
