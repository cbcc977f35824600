package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.AddMemberRequest;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.ChannelView;
import dev.chat.api.rest.CreateRoomRequest;
import dev.chat.api.rest.LoginRequest;
import dev.chat.api.rest.LogoutRequest;
import dev.chat.api.rest.MemberView;
import dev.chat.api.rest.RefreshRequest;
import dev.chat.api.rest.RegisterRequest;
import dev.chat.api.rest.RoomPeer;
import dev.chat.api.rest.RoomView;
import dev.chat.api.rest.TokenResponse;
import dev.chat.api.rest.UpdateRoomRequest;
import dev.chat.api.rest.UpdateUserRequest;
import dev.chat.api.rest.UserView;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.TestTokens;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts, tokens and rooms through the public REST API, against the real node and database. */
class AccountsAndRoomsIT extends DeployedChat {

    @Test
    void newUserRegistersLogsInAndReadsOwnProfile() {
        String username = "Erin-" + UUID.randomUUID().toString().substring(0, 8);

        var registered = api.post("auth/register", new RegisterRequest(username, "s3cret-enough", "Erin", null), null);

        assertThat(registered.statusCode()).isEqualTo(201);
        UserView user = ApiClient.read(registered, UserView.class);
        assertThat(user.username()).isEqualTo(username.toLowerCase());
        assertThat(user.id()).isNotBlank();
        assertThat(registered.body()).doesNotContain("s3cret-enough").doesNotContain("password");

        var login = api.post("auth/login", new LoginRequest(username.toUpperCase(), "s3cret-enough"), null);
        assertThat(login.statusCode()).isEqualTo(200);
        TokenResponse tokens = ApiClient.read(login, TokenResponse.class);
        assertThat(tokens.userId()).isEqualTo(user.id());
        assertThat(tokens.expiresIn()).isEqualTo(900);
        assertThat(tokens.accessToken()).contains(".");
        assertThat(tokens.refreshToken()).isNotBlank();

        var me = api.get("users/me", tokens.accessToken());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(ApiClient.read(me, UserView.class)).isEqualTo(user);

        var renamed = api.patch("users/me", new UpdateUserRequest("Erin E."), tokens.accessToken());
        assertThat(ApiClient.read(renamed, UserView.class).displayName()).isEqualTo("Erin E.");
    }

    @Test
    void takenUsernameIsConflictRegardlessOfCase() {
        TestUser frank = TestUser.register(api, "frank");

        var again = api.post("auth/register", new RegisterRequest(frank.username().toUpperCase(), "another-password", null, null), null);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(ApiClient.read(again, ApiError.class).code()).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void invalidRegistrationIsRefusedFieldByField() {
        var response = api.post("auth/register", new RegisterRequest("a b", "short", null, null), null);

        assertThat(response.statusCode()).isEqualTo(400);
        ApiError error = ApiClient.read(response, ApiError.class);
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(error.fields()).extracting(f -> f.field()).containsExactly("password", "username");

        var notJson = api.postRaw("auth/register", "{username:", null);
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        TestUser gina = TestUser.register(api, "gina");

        var wrong = api.post("auth/login", new LoginRequest(gina.username(), "not-her-password"), null);
        var unknown = api.post("auth/login", new LoginRequest("nobody-" + UUID.randomUUID(), "whatever-1"), null);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(ApiClient.read(wrong, ApiError.class).message()).isEqualTo(ApiClient.read(unknown, ApiError.class).message());
    }

    @Test
    void refreshTokenRotatesAndAReusedOneRevokesItsFamily() {
        TestUser hank = TestUser.register(api, "hank");

        var first = api.post("auth/refresh", new RefreshRequest(hank.refreshToken()), null);
        assertThat(first.statusCode()).isEqualTo(200);
        TokenResponse rotated = ApiClient.read(first, TokenResponse.class);
        assertThat(rotated.refreshToken()).isNotEqualTo(hank.refreshToken());
        assertThat(api.get("users/me", rotated.accessToken()).statusCode()).isEqualTo(200);

        var reused = api.post("auth/refresh", new RefreshRequest(hank.refreshToken()), null);
        assertThat(reused.statusCode()).isEqualTo(401);
        var successorAfterTheft = api.post("auth/refresh", new RefreshRequest(rotated.refreshToken()), null);
        assertThat(successorAfterTheft.statusCode()).as("family revoked").isEqualTo(401);
    }

    @Test
    void restRequiresAValidTokenOfAnExistingAccount() {
        TestUser ivy = TestUser.register(api, "ivy");

        assertUnauthorized(api.get("users/me", null));
        assertUnauthorized(api.get("users/me", TestTokens.forgedFor(ivy.id())));
        assertUnauthorized(api.get("users/me", TestTokens.expiredFor(ivy.id())));
        assertUnauthorized(api.get("rooms", "garbage"));

        assertThat(api.delete("users/me", ivy.accessToken()).statusCode()).isEqualTo(204);
        assertUnauthorized(api.get("users/me", ivy.accessToken()));
        assertThat(api.post("auth/login", new LoginRequest(ivy.username(), ivy.password()), null).statusCode()).isEqualTo(401);
        assertThat(api.post("auth/refresh", new RefreshRequest(ivy.refreshToken()), null).statusCode()).isEqualTo(401);
    }

    @Test
    void directRoomIsOnePerPairWhoeverCreatesIt() {
        TestUser jan = TestUser.register(api, "jan");
        TestUser kim = TestUser.register(api, "kim");

        var created = api.post("rooms", new CreateRoomRequest("direct", null, List.of(kim.id())), jan.accessToken());
        var again = api.post("rooms", new CreateRoomRequest("direct", null, List.of(jan.id())), kim.accessToken());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        RoomView room = ApiClient.read(created, RoomView.class);
        assertThat(ApiClient.read(again, RoomView.class).id()).isEqualTo(room.id());
        assertThat(room.type()).isEqualTo("direct");
        assertThat(room.memberCount()).isEqualTo(2);
        assertThat(room.peer()).as("a direct room is named after the other member")
                .isEqualTo(new RoomPeer(kim.id(), kim.username(), "kim"));
        assertThat(ApiClient.read(again, RoomView.class).peer().userId()).isEqualTo(jan.id());
        assertThat(jan.createGroup(api, "no peer", kim).peer()).isNull();
        var threeWay = api.post("rooms", new CreateRoomRequest("direct", null, List.of(kim.id(), TestUser.register(api, "lou").id())), jan.accessToken());
        assertThat(threeWay.statusCode()).isEqualTo(400);
        var addThird = api.post("rooms/" + room.id() + "/members", new AddMemberRequest(TestUser.register(api, "max").id(), null), jan.accessToken());
        assertThat(addThird.statusCode()).isEqualTo(403);
    }

    @Test
    void groupRolesDecideWhoRenamesAddsRemovesAndDeletes() {
        TestUser owner = TestUser.register(api, "olga");
        TestUser member = TestUser.register(api, "pete");
        TestUser newcomer = TestUser.register(api, "quin");
        RoomView room = owner.createGroup(api, "team", member);
        String path = "rooms/" + room.id();
        assertThat(room.myRole()).isEqualTo("owner");
        assertThat(room.memberCount()).isEqualTo(2);

        assertForbidden(api.patch(path, new UpdateRoomRequest("mine now"), member.accessToken()));
        assertForbidden(api.post(path + "/members", new AddMemberRequest(newcomer.id(), null), member.accessToken()));
        assertForbidden(api.delete(path, member.accessToken()));

        assertThat(ApiClient.read(api.patch(path, new UpdateRoomRequest("renamed"), owner.accessToken()), RoomView.class).name())
                .isEqualTo("renamed");
        var promoted = api.post(path + "/members", new AddMemberRequest(member.id(), "admin"), owner.accessToken());
        assertThat(ApiClient.read(promoted, MemberView.class).role()).isEqualTo("admin");
        var added = api.post(path + "/members", new AddMemberRequest(newcomer.id(), null), member.accessToken());
        assertThat(added.statusCode()).as("admin adds a member: %s", added.body()).isEqualTo(200);
        assertForbidden(api.delete(path + "/members/" + owner.id(), member.accessToken()));
        assertThat(api.delete(path + "/members/" + newcomer.id(), member.accessToken()).statusCode()).isEqualTo(204);

        List<MemberView> members = ApiClient.readList(api.get(path + "/members", owner.accessToken()), MemberView.class);
        assertThat(members).extracting(MemberView::userId).containsExactlyInAnyOrder(owner.id(), member.id());
        assertThat(ApiClient.readList(api.get("rooms", member.accessToken()), RoomView.class)).extracting(RoomView::id).contains(room.id());
    }

    @Test
    void lastOwnerHandsOverBeforeLeaving() {
        TestUser owner = TestUser.register(api, "rita");
        TestUser member = TestUser.register(api, "sam");
        RoomView room = owner.createGroup(api, "handover", member);
        String path = "rooms/" + room.id();

        var leave = api.delete(path + "/members/" + owner.id(), owner.accessToken());
        assertThat(leave.statusCode()).isEqualTo(409);

        api.post(path + "/members", new AddMemberRequest(member.id(), "owner"), owner.accessToken());
        assertThat(api.delete(path + "/members/" + owner.id(), owner.accessToken()).statusCode()).isEqualTo(204);
        assertThat(api.get(path, owner.accessToken()).statusCode()).isEqualTo(403);
        assertThat(ApiClient.read(api.get(path, member.accessToken()), RoomView.class).memberCount()).isEqualTo(1);
    }

    @Test
    void nonMemberCannotReadARoomAndUnknownRoomIsNotFound() {
        TestUser owner = TestUser.register(api, "tom");
        TestUser outsider = TestUser.register(api, "uma");
        RoomView room = owner.createGroup(api, "private");

        var read = api.get("rooms/" + room.id(), outsider.accessToken());
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(ApiClient.read(read, ApiError.class).code()).isEqualTo(ErrorCode.NOT_A_MEMBER);
        assertThat(api.get("rooms/" + room.id() + "/members", outsider.accessToken()).statusCode()).isEqualTo(403);
        assertThat(api.get("rooms/" + UUID.randomUUID(), outsider.accessToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void logoutEndsTheLoginItsRefreshTokenBelongsTo() {
        TestUser user = TestUser.register(api, "wes");
        TokenResponse otherDevice = ApiClient.read(api.post("auth/login", new LoginRequest(user.username(), user.password()), null), TokenResponse.class);
        TokenResponse rotated = ApiClient.read(api.post("auth/refresh", new RefreshRequest(user.refreshToken()), null), TokenResponse.class);

        assertThat(api.post("auth/logout", new LogoutRequest(rotated.refreshToken()), null).statusCode()).isEqualTo(204);

        assertUnauthorized(api.post("auth/refresh", new RefreshRequest(rotated.refreshToken()), null));
        assertThat(api.post("auth/refresh", new RefreshRequest(otherDevice.refreshToken()), null).statusCode())
                .as("another login of the same user stays").isEqualTo(200);
        assertThat(api.post("auth/logout", new LogoutRequest("not-a-token"), null).statusCode())
                .as("an unknown token tells nothing").isEqualTo(204);
        assertThat(api.postRaw("auth/logout", "{}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void usersAreFoundByUsernameOrIdWhileTheirAccountExists() {
        TestUser finder = TestUser.register(api, "xena");
        TestUser found = TestUser.register(api, "yuri");

        var byName = api.get("users/by-username/" + found.username().toUpperCase(), finder.accessToken());
        assertThat(byName.statusCode()).as(byName.body()).isEqualTo(200);
        UserView user = ApiClient.read(byName, UserView.class);
        assertThat(user.id()).isEqualTo(found.id());
        assertThat(user.displayName()).isEqualTo("yuri");
        assertThat(ApiClient.read(api.get("users/" + found.id(), finder.accessToken()), UserView.class)).isEqualTo(user);
        assertThat(byName.body()).doesNotContain("password");

        var unknown = api.get("users/by-username/nobody-" + UUID.randomUUID().toString().substring(0, 8), finder.accessToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiClient.read(unknown, ApiError.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertUnauthorized(api.get("users/by-username/" + found.username(), null));

        assertThat(api.delete("users/me", found.accessToken()).statusCode()).isEqualTo(204);
        assertThat(api.get("users/by-username/" + found.username(), finder.accessToken()).statusCode()).isEqualTo(404);
        assertThat(api.get("users/" + found.id(), finder.accessToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void anyUserFindsAndJoinsAChannelButNotAGroup() {
        TestUser owner = TestUser.register(api, "zed");
        TestUser reader = TestUser.register(api, "abe");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        var created = api.post("rooms", new CreateRoomRequest("channel", "Announcements_" + tag, List.of()), owner.accessToken());
        assertThat(created.statusCode()).isEqualTo(201);
        RoomView channel = ApiClient.read(created, RoomView.class);
        RoomView group = owner.createGroup(api, "Announcements_" + tag + " (private)");

        List<ChannelView> found = ApiClient.readList(api.get("channels?q=announcements_" + tag, reader.accessToken()), ChannelView.class);
        assertThat(found).extracting(ChannelView::id).as("groups are not listed").containsExactly(channel.id());
        assertThat(found.get(0).joined()).isFalse();
        assertThat(found.get(0).memberCount()).isEqualTo(1);
        assertThat(ApiClient.readList(api.get("channels?q=announcements%25" + tag, reader.accessToken()), ChannelView.class))
                .as("LIKE wildcards in the query are plain characters").isEmpty();

        var joined = api.post("rooms/" + channel.id() + "/join", null, reader.accessToken());
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        RoomView asMember = ApiClient.read(joined, RoomView.class);
        assertThat(asMember.myRole()).isEqualTo("member");
        assertThat(asMember.memberCount()).isEqualTo(2);
        assertThat(api.post("rooms/" + channel.id() + "/join", null, reader.accessToken()).statusCode()).as("joining twice").isEqualTo(200);
        assertThat(ApiClient.readList(api.get("channels?q=announcements_" + tag, reader.accessToken()), ChannelView.class).get(0).joined()).isTrue();
        List<MemberView> members = ApiClient.readList(api.get("rooms/" + channel.id() + "/members", reader.accessToken()), MemberView.class);
        assertThat(members).extracting(MemberView::lastReadSeq).containsOnly(0L);

        assertForbidden(api.post("rooms/" + group.id() + "/join", null, reader.accessToken()));
        assertThat(api.post("rooms/" + UUID.randomUUID() + "/join", null, reader.accessToken()).statusCode()).isEqualTo(404);
        assertThat(api.get("channels?limit=0", reader.accessToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void injectionStringsInNamesAreStoredAndReturnedVerbatim() {
        TestUser owner = TestUser.register(api, "vic");
        String name = "'); DROP TABLE chat_rooms; -- {\"type\":\"ACK\"} <script>alert(1)</script>";

        RoomView room = owner.createGroup(api, name);

        assertThat(room.name()).isEqualTo(name);
        assertThat(ApiClient.read(api.get("rooms/" + room.id(), owner.accessToken()), RoomView.class).name()).isEqualTo(name);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(ApiClient.read(response, ApiError.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
    }
}
