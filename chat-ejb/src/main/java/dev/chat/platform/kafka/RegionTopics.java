package dev.chat.platform.kafka;

/**
 * Tells this region's message topics from the ones MirrorMaker 2 copies here from other regions
 * (docs/regions.md). Its default naming puts the source region before the topic: region
 * {@code eu}'s {@code chat.messages} is {@code eu.chat.messages} here. Region names are
 * lower-case letters, digits and dashes ({@code chat.region}).
 *
 * @param messagesTopic the topic this region's nodes publish accepted events to ({@code chat.messages})
 * @param storedTopic   the topic this region's persister forwards stored events to ({@code chat.messages.stored})
 */
public record RegionTopics(String messagesTopic, String storedTopic) {

    /** Where a record the persister reads comes from. */
    public enum Origin {
        /** accepted in this region */
        LOCAL,
        /** accepted in another region: its room may be homed here */
        SENT_ELSEWHERE,
        /** stored and sequenced in another region, its room's home: a replica here */
        STORED_ELSEWHERE,
        /** none of the above */
        OTHER
    }

    public Origin originOf(String topic) {
        if (topic.equals(messagesTopic)) {
            return Origin.LOCAL;
        }
        int dot = topic.indexOf('.');
        if (dot <= 0) {
            return Origin.OTHER;
        }
        String rest = topic.substring(dot + 1);
        if (rest.equals(messagesTopic)) {
            return Origin.SENT_ELSEWHERE;
        }
        return rest.equals(storedTopic) ? Origin.STORED_ELSEWHERE : Origin.OTHER;
    }

    /** The region a topic copied by MirrorMaker 2 comes from ({@code eu} for {@code eu.chat.messages.stored}). */
    public static String sourceRegionOf(String mirroredTopic) {
        int dot = mirroredTopic.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException(mirroredTopic + " is not a mirrored topic");
        }
        return mirroredTopic.substring(0, dot);
    }
}
