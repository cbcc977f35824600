package dev.chat.it;

import dev.chat.it.support.DeployedChat;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client's files are served at {@code /} by both runtimes (the WAR on Payara Micro,
 * the EAR's WAR on Payara Server) with their security headers; the API keeps its own.
 * WebClientIT drives the client itself in a browser.
 */
class WebClientFilesIT extends DeployedChat {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theClientIsServedAtTheRootWithAContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/main.js\"></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("script-src 'self'").contains("connect-src 'self'").contains("object-src 'none'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");

        for (String file : new String[]{"js/main.js", "js/store.js", "js/views/conversation.js"}) {
            HttpResponse<String> script = get(file);
            assertThat(script.statusCode()).as(file).isEqualTo(200);
            // a module script with another type is refused by the browser (nosniff)
            assertThat(script.headers().firstValue("Content-Type")).as(file).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        }
        assertThat(get("app.css").headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    }

    @Test
    void theApiIsLeftToItsOwnHeaders() throws Exception {
        HttpResponse<String> api = get("api/v1/users/me");

        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
