package dev.chat.room.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores room types in their lower-case wire form, as the table's CHECK constraint expects. */
@Converter
public class RoomTypeConverter implements AttributeConverter<RoomType, String> {
    @Override
    public String convertToDatabaseColumn(RoomType type) {
        return type == null ? null : type.wireName();
    }

    @Override
    public RoomType convertToEntityAttribute(String value) {
        return value == null ? null : RoomType.ofWireName(value);
    }
}
