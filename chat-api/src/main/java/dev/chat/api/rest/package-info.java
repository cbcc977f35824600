/** REST request and response bodies of the public API ({@code /api/v1}). */
package dev.chat.api.rest;
