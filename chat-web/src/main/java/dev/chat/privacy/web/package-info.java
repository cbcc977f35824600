/** The privacy REST resources: a user's exports. */
package dev.chat.privacy.web;
