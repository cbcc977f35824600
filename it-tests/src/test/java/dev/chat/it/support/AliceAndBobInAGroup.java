package dev.chat.it.support;

import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture most system tests start from: before each test, two new users, alice and bob,
 * registered and logged in through the public API, who share a new group that alice owns.
 */
public abstract class AliceAndBobInAGroup extends DeployedChat {
    protected TestUser alice;
    protected TestUser bob;
    /** The group's id. */
    protected String room;

    @BeforeEach
    void aliceAndBobShareAGroup() {
        alice = TestUser.register(api, "alice");
        bob = TestUser.register(api, "bob");
        room = alice.createGroup(api, getClass().getSimpleName(), bob).id();
    }
}
