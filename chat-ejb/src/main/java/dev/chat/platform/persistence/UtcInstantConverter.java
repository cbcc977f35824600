package dev.chat.platform.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps {@link Instant} to {@code TIMESTAMPTZ}. The EclipseLink in Payara 6 binds an Instant as a
 * serialized object (bytea), so every Instant attribute goes through OffsetDateTime in UTC, which
 * the PostgreSQL driver binds natively.
 */
@Converter(autoApply = true)
public class UtcInstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
