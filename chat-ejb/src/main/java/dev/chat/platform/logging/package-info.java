/** The application's logs (docs/observability.md): trace and span ids on the lines written inside a span. */
package dev.chat.platform.logging;
