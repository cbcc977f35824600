package dev.chat.platform.kafka;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MessagePartitionsTest {

    @Test
    void aRoomsPartitionIsTheOneKafkasProducerPutsItsRecordsIn() {
        try (var keys = new StringSerializer()) {
            for (int i = 0; i < 1_000; i++) {
                String roomId = UUID.randomUUID().toString();
                for (int partitions : new int[]{1, 12, 50}) {
                    assertThat(MessagePartitions.of(roomId, partitions))
                            .isEqualTo(BuiltInPartitioner.partitionForKey(keys.serialize("chat.messages", roomId), partitions));
                }
            }
        }
    }
}
