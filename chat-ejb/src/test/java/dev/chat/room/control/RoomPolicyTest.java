package dev.chat.room.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static dev.chat.room.entity.RoomRole.ADMIN;
import static dev.chat.room.entity.RoomRole.MEMBER;
import static dev.chat.room.entity.RoomRole.OWNER;
import static dev.chat.room.entity.RoomType.CHANNEL;
import static dev.chat.room.entity.RoomType.DIRECT;
import static dev.chat.room.entity.RoomType.GROUP;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoomPolicyTest {

    @Test
    void ownersAndAdminsRenameGroupsButNobodyRenamesADirectRoom() {
        allowed(() -> RoomPolicy.mayRename(GROUP, OWNER));
        allowed(() -> RoomPolicy.mayRename(CHANNEL, ADMIN));
        refused(() -> RoomPolicy.mayRename(GROUP, MEMBER), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayRename(DIRECT, OWNER), ErrorCode.FORBIDDEN);
    }

    @Test
    void ownersAdminsAndGlobalModeratorsBanAndSilenceButNeverAnOwnerNorInADirectRoom() {
        allowed(() -> RoomPolicy.mayRestrict(GROUP, OWNER, ADMIN));
        allowed(() -> RoomPolicy.mayRestrict(CHANNEL, ADMIN, MEMBER));
        allowed(() -> RoomPolicy.mayRestrict(CHANNEL, ADMIN, null)); // a non-member, or the list of bans
        allowed(() -> RoomPolicy.mayRestrict(GROUP, null, ADMIN)); // a global moderator
        refused(() -> RoomPolicy.mayRestrict(GROUP, ADMIN, ADMIN), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayRestrict(GROUP, MEMBER, MEMBER), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayRestrict(GROUP, OWNER, OWNER), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayRestrict(GROUP, null, OWNER), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayRestrict(DIRECT, null, MEMBER), ErrorCode.FORBIDDEN);
    }

    @Test
    void onlyOwnersDelete() {
        allowed(() -> RoomPolicy.mayDelete(OWNER));
        refused(() -> RoomPolicy.mayDelete(ADMIN), ErrorCode.FORBIDDEN);
    }

    @Test
    void adminsAddMembersOnlyOwnersGrantHigherRolesOrChangeRoles() {
        allowed(() -> RoomPolicy.mayGrant(GROUP, ADMIN, MEMBER, null));
        refused(() -> RoomPolicy.mayGrant(GROUP, ADMIN, ADMIN, null), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayGrant(GROUP, MEMBER, MEMBER, null), ErrorCode.FORBIDDEN);
        allowed(() -> RoomPolicy.mayGrant(GROUP, OWNER, OWNER, MEMBER));
        refused(() -> RoomPolicy.mayGrant(GROUP, ADMIN, ADMIN, MEMBER), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayGrant(DIRECT, OWNER, MEMBER, null), ErrorCode.FORBIDDEN);
    }

    @Test
    void adminsRemovePlainMembersOwnersRemoveAnyone() {
        allowed(() -> RoomPolicy.mayRemove(GROUP, ADMIN, MEMBER));
        refused(() -> RoomPolicy.mayRemove(GROUP, ADMIN, ADMIN), ErrorCode.FORBIDDEN);
        refused(() -> RoomPolicy.mayRemove(GROUP, ADMIN, OWNER), ErrorCode.FORBIDDEN);
        allowed(() -> RoomPolicy.mayRemove(GROUP, OWNER, ADMIN));
        refused(() -> RoomPolicy.mayRemove(GROUP, MEMBER, MEMBER), ErrorCode.FORBIDDEN);
    }

    @Test
    void lastOwnerLeavesOnlyWhenAlone() {
        refused(() -> RoomPolicy.mayLeave(GROUP, OWNER, 1, 3), ErrorCode.CONFLICT);
        allowed(() -> RoomPolicy.mayLeave(GROUP, OWNER, 2, 3));
        allowed(() -> RoomPolicy.mayLeave(GROUP, OWNER, 1, 1));
        allowed(() -> RoomPolicy.mayLeave(GROUP, MEMBER, 1, 3));
        refused(() -> RoomPolicy.mayLeave(DIRECT, OWNER, 2, 2), ErrorCode.FORBIDDEN);
    }

    private static void allowed(Executable rule) {
        assertThatCode(rule::execute).doesNotThrowAnyException();
    }

    private static void refused(Executable rule, ErrorCode code) {
        assertThatThrownBy(rule::execute).isInstanceOfSatisfying(ChatException.class,
                refusal -> org.assertj.core.api.Assertions.assertThat(refusal.code()).isEqualTo(code));
    }
}
