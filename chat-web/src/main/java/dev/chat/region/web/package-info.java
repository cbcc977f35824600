/** Regions' operator API ({@code /api/v1/admin/regions}): the promotion of a region after a region loss (docs/regions.md). */
package dev.chat.region.web;
