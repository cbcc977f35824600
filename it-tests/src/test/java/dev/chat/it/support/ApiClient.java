package dev.chat.it.support;

import dev.chat.api.codec.ChatJson;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The REST API as a client app calls it: JSON bodies, {@code Authorization: Bearer}. */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Jsonb JSONB = JsonbBuilder.create();

    private final URI base;

    public ApiClient(URI base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET());
    }

    public HttpResponse<String> delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public HttpResponse<String> post(String path, Record body, String token) {
        return postRaw(path, body == null ? "" : ChatJson.instance().encodeBody(body), token);
    }

    /** POST with one more header (e.g. {@code Idempotency-Key}). */
    public HttpResponse<String> post(String path, Record body, String token, String header, String value) {
        return withBody(request(path, token).header(header, value), "POST", body == null ? "" : ChatJson.instance().encodeBody(body));
    }

    public HttpResponse<String> postRaw(String path, String body, String token) {
        return withBody(request(path, token), "POST", body);
    }

    public HttpResponse<String> patch(String path, Record body, String token) {
        return withBody(request(path, token), "PATCH", ChatJson.instance().encodeBody(body));
    }

    public HttpResponse<String> put(String path, Record body, String token) {
        return withBody(request(path, token), "PUT", ChatJson.instance().encodeBody(body));
    }

    private HttpResponse<String> withBody(HttpRequest.Builder request, String method, String body) {
        return send(request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public static <T extends Record> T read(HttpResponse<String> response, Class<T> type) {
        T answer = ChatJson.instance().decodeBody(response.body(), type);
        IssuedSecrets.tokensOf(answer);
        return answer;
    }

    public static <T> List<T> readList(HttpResponse<String> response, Class<T> elementType) {
        Type listType = new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[]{elementType};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
        return JSONB.fromJson(response.body(), listType);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve("/api/v1/" + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            IssuedSecrets.token(token);
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request failed", e);
        }
    }
}
