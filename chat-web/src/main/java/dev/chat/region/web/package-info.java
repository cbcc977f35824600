/** Regions at the web edge: the operator API ({@code /api/v1/admin/regions}, a promotion after a region loss) and the readiness check of the mirrors (docs/regions.md). */
package dev.chat.region.web;
