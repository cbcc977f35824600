package dev.chat.connection.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionsPerAddressTest {

    private static ConnectionsPerAddress limitedTo(int max) {
        ConnectionsPerAddress connections = new ConnectionsPerAddress();
        connections.maxPerAddress = max;
        return connections;
    }

    @Test
    void anAddressIsFullAtItsMaximumAndAFreedPlaceIsUsableAgain() {
        ConnectionsPerAddress connections = limitedTo(2);
        connections.opened("10.0.0.1");
        assertThat(connections.full("10.0.0.1")).isFalse();
        connections.opened("10.0.0.1");

        assertThat(connections.full("10.0.0.1")).isTrue();
        assertThat(connections.full("10.0.0.2")).as("another address").isFalse();

        connections.closed("10.0.0.1");
        assertThat(connections.full("10.0.0.1")).isFalse();
    }

    @Test
    void moreClosesThanOpensNeverMakeRoomBeyondTheMaximum() {
        ConnectionsPerAddress connections = limitedTo(1);
        connections.closed("10.0.0.1");
        connections.closed("10.0.0.1");
        connections.opened("10.0.0.1");

        assertThat(connections.full("10.0.0.1")).isTrue();
    }

    @Test
    void noLimitAndAnUnknownAddressAreNeverFull() {
        ConnectionsPerAddress unlimited = limitedTo(0);
        for (int i = 0; i < 10; i++) {
            unlimited.opened("10.0.0.1");
        }
        assertThat(unlimited.full("10.0.0.1")).isFalse();
        assertThat(limitedTo(1).full(null)).isFalse();
    }
}
