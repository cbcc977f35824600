package dev.chat.it.support;

import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.RoomView;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UserView;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A user registered and logged in through the public API, as a new user of an app would be. */
public record TestUser(String id, String username, String password, String accessToken, String refreshToken) {
    public static final String PASSWORD = "correct horse battery";

    /** Registers a user with a unique name starting with {@code name} and logs them in. */
    public static TestUser register(ApiClient api, String name) {
        String username = (name + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        var registered = api.post("auth/register", new RegisterRequest(username, PASSWORD, name, null), null);
        assertThat(registered.statusCode()).as("register %s: %s", username, registered.body()).isEqualTo(201);
        UserView user = ApiClient.read(registered, UserView.class);
        var login = api.post("auth/login", new LoginRequest(username, PASSWORD), null);
        assertThat(login.statusCode()).as("login %s: %s", username, login.body()).isEqualTo(200);
        TokenResponse tokens = ApiClient.read(login, TokenResponse.class);
        return new TestUser(user.id(), username, PASSWORD, tokens.accessToken(), tokens.refreshToken());
    }

    /**
     * The user with exactly this name and address (one a node's settings name, e.g. a global
     * moderator): registered if new (by this run or an earlier one on the same stack), then logged in.
     */
    public static TestUser named(ApiClient api, String username, String email) {
        var registered = api.post("auth/register", new RegisterRequest(username, PASSWORD, username, email), null);
        assertThat(registered.statusCode()).as("register %s: %s", username, registered.body()).isIn(201, 409);
        var login = api.post("auth/login", new LoginRequest(username, PASSWORD), null);
        assertThat(login.statusCode()).as("login %s: %s", username, login.body()).isEqualTo(200);
        TokenResponse tokens = ApiClient.read(login, TokenResponse.class);
        UserView user = ApiClient.read(api.get("users/me", tokens.accessToken()), UserView.class);
        return new TestUser(user.id(), username, PASSWORD, tokens.accessToken(), tokens.refreshToken());
    }

    /** Creates a group owned by this user with the given members, and returns it. */
    public RoomView createGroup(ApiClient api, String name, TestUser... members) {
        List<String> memberIds = java.util.Arrays.stream(members).map(TestUser::id).toList();
        var created = api.post("rooms", new CreateRoomRequest("group", name, memberIds), accessToken);
        assertThat(created.statusCode()).as("create group: %s", created.body()).isEqualTo(201);
        return ApiClient.read(created, RoomView.class);
    }

    public ChatClient connect(URI base) {
        return ChatClient.connect(base, accessToken);
    }
}
