/** REST resource of a user's blocks ({@code /api/v1/users/me/blocks}). */
package dev.chat.block.web;
