package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.Reauth;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.frame.Ack;
import dev.chat.api.rest.RefreshRequest;
import dev.chat.api.rest.TokenResponse;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.ClusterNodes;
import dev.chat.it.support.IssuedSecrets;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.RunsLast;
import dev.chat.it.support.TestTokens;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No secret reaches a log: after every other class of the run, on a node of its own, it goes
 * through the moments most likely to log one (a token in the handshake's query string, a refused
 * REAUTH, a tampered and an expired token, a refresh), then looks in the logs of every node the run
 * started (its own; the shared node's output, which failsafe keeps per class under
 * {@code target/failsafe-reports*}; the cluster nodes'; Payara Server's) for the access and refresh
 * tokens the tests used ({@link IssuedSecrets}) and the test users' password.
 */
@OwnNode("a node whose log can be read while the class runs (failsafe writes a class's output when it ends)")
@RunsLast
class LogHygieneIT {
    private static final Path TARGET = Path.of(System.getProperty("chat.repo.dir", "..")).resolve("it-tests/target");
    /** A run of the characters tokens are made of (JWTs and base64url refresh tokens): where a token would stand in a line. */
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_\\-.~+/]{16,}");

    @Test
    void noTokenOrPasswordTheRunUsedIsInAnyLog() throws Exception {
        try (ClusterNodes node = ClusterNodes.start(1, "chat-hygiene-" + Long.toHexString(System.nanoTime()))) {
            exerciseTheTokens(node.node(0));
        }
        Set<String> tokens = IssuedSecrets.tokens();
        assertThat(tokens).as("tokens used by this run").hasSizeGreaterThan(6);
        List<Path> logs = logs();
        Set<String> leaks = new TreeSet<>();
        for (Path log : logs) {
            try (Stream<String> lines = lines(log)) {
                lines.forEach(line -> {
                    Matcher candidate = TOKEN_LIKE.matcher(line);
                    while (candidate.find()) {
                        String found = candidate.group().replaceAll("\\.+$", ""); // the end of a sentence is not part of a token
                        if (tokens.contains(found)) {
                            leaks.add(TARGET.relativize(log) + ": " + line.substring(0, Math.min(line.length(), 300)));
                        }
                    }
                    if (line.contains(TestUser.PASSWORD)) {
                        leaks.add(TARGET.relativize(log) + " (the password): " + line.substring(0, Math.min(line.length(), 300)));
                    }
                });
            }
        }
        assertThat(leaks).as("lines with a token or password, in %d logs", logs.size()).isEmpty();
    }

    /** The moments most likely to log a token, on {@code node}; returns once its log shows them. */
    private static void exerciseTheTokens(ClusterNodes.Node node) throws Exception {
        URI base = node.base();
        ApiClient api = new ApiClient(base);
        TestUser carol = TestUser.register(api, "carol");
        TestUser dave = TestUser.register(api, "dave");
        String room = carol.createGroup(api, "hygiene", dave).id();
        WebSocket inQuery = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(ChatClient.webSocketUri(base) + "?access_token=" + dave.accessToken()), new WebSocket.Listener() { }).join();
        inQuery.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        try (ChatClient session = carol.connect(base)) {
            session.send(new SendMessage(room, "hello", "h-1", null));
            session.await(Ack.class, Ack::durable);
            session.send(new Reauth(dave.accessToken()));
            assertThat(session.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        String tampered = carol.accessToken().substring(0, carol.accessToken().length() - 4) + "AAAA";
        IssuedSecrets.token(tampered);
        assertThat(api.get("users/me", tampered).statusCode()).isEqualTo(401);
        assertThat(api.get("users/me", TestTokens.expiredFor(carol.id())).statusCode()).isEqualTo(401);
        TokenResponse refreshed = ApiClient.read(api.post("auth/refresh", new RefreshRequest(carol.refreshToken()), null), TokenResponse.class);
        assertThat(refreshed.accessToken()).isNotBlank();
        await().atMost(Duration.ofSeconds(30)).until(() -> node.logText().contains("Registered user " + dave.id()));
    }

    /** Every log of a node this run started. */
    private static List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String folder : List.of("failsafe-reports", "failsafe-reports-payara-server", "cluster", "payara-server")) {
            Path root = TARGET.resolve(folder);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith("-output.txt") || name.endsWith(".log") || name.startsWith("server.log");
                    }).forEach(logs::add);
                }
            }
        }
        return logs;
    }

    private static Stream<String> lines(Path log) {
        try {
            // a log may hold bytes that are not UTF-8 (a client's malformed frame): read them as Latin-1, never fail on them
            return Files.lines(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
