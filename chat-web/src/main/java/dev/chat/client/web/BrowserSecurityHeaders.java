package dev.chat.client.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.chat.attachment.control.ObjectStore;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;

/**
 * Headers for the browser client's pages and files. The Content-Security-Policy allows only the
 * client's own scripts and styles and connections to its own origin (REST and WebSocket) and to the
 * attachment store (uploads go there through presigned URLs): a second line of defence should
 * content ever reach the page as markup (the client only inserts text).
 * {@code no-cache}: a browser revalidates the files, so a new deployment is picked up at the next
 * load instead of mixing old and new modules. The API and the WebSocket are left alone.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class BrowserSecurityHeaders extends HttpFilter {
    private String policy;

    @Override
    public void init() {
        Config config = ConfigProvider.getConfig();
        String endpoint = ObjectStore.clientEndpoint(config.getValue("chat.attachments.store.endpoint", String.class),
                config.getOptionalValue("chat.attachments.store.public-endpoint", String.class));
        policy = policy(ObjectStore.clientOrigin(endpoint, config.getOptionalValue("chat.attachments.store.path-style", Boolean.class).orElse(true),
                config.getOptionalValue("chat.attachments.store.bucket", String.class).orElse(ObjectStore.DEFAULT_BUCKET)));
    }

    /** The policy, with the store's origin as the one other place the page may connect to (uploads). */
    static String policy(String storeOrigin) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + storeOrigin + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isClientFile(request.getRequestURI().substring(request.getContextPath().length()))) {
            response.setHeader("Content-Security-Policy", policy);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Cache-Control", "no-cache");
        }
        chain.doFilter(request, response);
    }

    static boolean isClientFile(String path) {
        return !path.startsWith("/api/") && !path.startsWith("/ws/");
    }
}
