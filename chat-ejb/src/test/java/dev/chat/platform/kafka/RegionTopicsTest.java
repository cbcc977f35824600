package dev.chat.platform.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionTopicsTest {
    private final RegionTopics topics = new RegionTopics("chat.messages", "chat.messages.stored");

    @Test
    void theRegionsOwnTopicIsLocal() {
        assertThat(topics.originOf("chat.messages")).isEqualTo(RegionTopics.Origin.LOCAL);
    }

    @Test
    void mirroredTopicsAreKnownByTheirSourcePrefix() {
        assertThat(topics.originOf("eu.chat.messages")).isEqualTo(RegionTopics.Origin.SENT_ELSEWHERE);
        assertThat(topics.originOf("us-east-2.chat.messages.stored")).isEqualTo(RegionTopics.Origin.STORED_ELSEWHERE);
        assertThat(RegionTopics.sourceRegionOf("us-east-2.chat.messages.stored")).isEqualTo("us-east-2");
    }

    @Test
    void anythingElseIsNeither() {
        assertThat(topics.originOf("chat.messages.stored")).as("this region's own stored stream").isEqualTo(RegionTopics.Origin.OTHER);
        assertThat(topics.originOf("eu.chat.rooms")).isEqualTo(RegionTopics.Origin.OTHER);
        assertThat(topics.originOf(".chat.messages")).isEqualTo(RegionTopics.Origin.OTHER);
        assertThatThrownBy(() -> RegionTopics.sourceRegionOf("chat")).isInstanceOf(IllegalArgumentException.class);
    }
}
