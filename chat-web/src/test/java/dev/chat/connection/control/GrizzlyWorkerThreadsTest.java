package dev.chat.connection.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside Payara (no Grizzly worker running) and when switched off: plain named daemon threads, said so. */
class GrizzlyWorkerThreadsTest {

    @Test
    void withoutARunningGrizzlyWorkerTheWritersArePlainThreads() {
        GrizzlyWorkerThreads.Factory factory = GrizzlyWorkerThreads.named("chat-ws-writer", true);

        assertThat(factory.mode()).isEqualTo(GrizzlyWorkerThreads.Mode.PLAIN);
        Thread thread = factory.threads().newThread(() -> { });
        assertThat(thread.getName()).isEqualTo("chat-ws-writer-1");
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    void switchedOffTheWritersArePlainThreads() {
        assertThat(GrizzlyWorkerThreads.named("chat-ws-writer", false).mode()).isEqualTo(GrizzlyWorkerThreads.Mode.PLAIN);
    }
}
