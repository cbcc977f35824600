/** The export's ZIP: what goes in it and how it is written. */
package dev.chat.privacy.control;
