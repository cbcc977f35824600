package dev.chat.room.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores roles in their lower-case wire form, as the table's CHECK constraint expects. */
@Converter
public class RoomRoleConverter implements AttributeConverter<RoomRole, String> {
    @Override
    public String convertToDatabaseColumn(RoomRole role) {
        return role == null ? null : role.wireName();
    }

    @Override
    public RoomRole convertToEntityAttribute(String value) {
        return value == null ? null : RoomRole.ofWireName(value);
    }
}
