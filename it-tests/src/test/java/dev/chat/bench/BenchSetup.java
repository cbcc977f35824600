package dev.chat.bench;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.RoomView;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UserView;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Users and rooms for a run, made through the public REST API as real clients would: every user
 * registers and logs in, the first member of each room creates it with the others.
 */
final class BenchSetup {
    private static final String PASSWORD = "bench-password-1";
    private static final int MAX_MEMBERS_AT_CREATION = 500;

    record User(String id, String token) {
    }

    private final HttpClient http;
    private final URI api;
    private final ExecutorService workers = Executors.newFixedThreadPool(16);

    BenchSetup(HttpClient http, URI base) {
        this.http = http;
        this.api = base.resolve("/api/v1/");
    }

    List<User> users(int count) {
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<CompletableFuture<User>> users = IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> user("b" + run + "u" + i), workers)).toList();
        return users.stream().map(CompletableFuture::join).toList();
    }

    /** Rooms of consecutive users: room r holds users r*roomSize … r*roomSize+roomSize-1. */
    List<String> rooms(List<User> users, int roomSize) {
        List<CompletableFuture<String>> rooms = new ArrayList<>();
        for (int first = 0; first < users.size(); first += roomSize) {
            List<User> members = users.subList(first, Math.min(users.size(), first + roomSize));
            rooms.add(CompletableFuture.supplyAsync(() -> room(members), workers));
        }
        return rooms.stream().map(CompletableFuture::join).toList();
    }

    private User user(String username) {
        UserView registered = call("auth/register", new RegisterRequest(username, PASSWORD, null, null), null, UserView.class, 201);
        TokenResponse tokens = call("auth/login", new LoginRequest(username, PASSWORD), null, TokenResponse.class, 200);
        return new User(registered.id(), tokens.accessToken());
    }

    /** A group of these users, created by the first. */
    String room(List<User> members) {
        User owner = members.get(0);
        List<String> others = members.stream().skip(1).map(User::id).toList();
        RoomView room = call("rooms", new CreateRoomRequest("group", "bench", others.subList(0, Math.min(others.size(), MAX_MEMBERS_AT_CREATION))),
                owner.token(), RoomView.class, 201);
        for (String late : others.subList(Math.min(others.size(), MAX_MEMBERS_AT_CREATION), others.size())) {
            call("rooms/" + room.id() + "/members", new AddMemberRequest(late, null), owner.token(), Record.class, 200);
        }
        return room.id();
    }

    /** The owner adds a user to a room (what a {@code MEMBERSHIP} frame then announces). */
    void addMember(String roomId, User owner, User newcomer) {
        call("rooms/" + roomId + "/members", new AddMemberRequest(newcomer.id(), null), owner.token(), Record.class, 200);
    }

    private <T> T call(String path, Record body, String token, Class<T> type, int expectedStatus) {
        try {
            var request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ChatJson.instance().encodeBody(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return type == Record.class ? null : type.cast(ChatJson.instance().decodeBody(response.body(), type.asSubclass(Record.class)));
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    void close() {
        workers.shutdownNow();
    }
}
