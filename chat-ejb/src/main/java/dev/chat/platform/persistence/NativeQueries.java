package dev.chat.platform.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Native SQL with an {@code IN} list or columns of rows, which JPA cannot bind as one parameter. */
public final class NativeQueries {
    /** Stands for the list in the SQL: {@code … WHERE id IN (:list)}. */
    public static final String LIST = ":list";

    private NativeQueries() {
    }

    /** A native query with its positional parameters {@code ?1}, {@code ?2} … bound to {@code params} in order. */
    public static Query withParameters(EntityManager em, String sql, Object... params) {
        return withList(em, sql, List.of(), params);
    }

    /**
     * A native query whose {@link #LIST} becomes one positional parameter per element of
     * {@code list}, numbered after {@code params} (which are {@code ?1}, {@code ?2} …).
     */
    public static Query withList(EntityManager em, String sql, List<?> list, Object... params) {
        String placeholders = IntStream.range(0, list.size()).mapToObj(i -> "?" + (params.length + i + 1))
                .collect(Collectors.joining(", "));
        Query query = em.createNativeQuery(sql.replace(LIST, placeholders));
        for (int i = 0; i < params.length; i++) {
            query.setParameter(i + 1, params[i]);
        }
        for (int i = 0; i < list.size(); i++) {
            query.setParameter(params.length + i + 1, list.get(i));
        }
        return query;
    }

    /**
     * A native query whose positional parameters {@code ?1, ?2 …} are whole columns, each bound as
     * one PostgreSQL array ({@code unnest(?1::text[], ?2::bigint[]) AS v(a, b)}): a batch of rows in
     * one statement with one parameter per column. (EclipseLink translates a native query's
     * parameters in quadratic time, so a {@code VALUES} list of one parameter per cell held the
     * persister for most of its time at 1,500 messages/s: docs/benchmarks.md.)
     * Elements may be strings, numbers, {@code OffsetDateTime}s or null.
     */
    public static Query withArrays(EntityManager em, String sql, List<?>... columns) {
        return bindArrays(em.createNativeQuery(sql), columns);
    }

    /** {@link #withArrays(EntityManager, String, List[])} whose rows are entities of {@code resultClass}. */
    public static Query withArrays(EntityManager em, String sql, Class<?> resultClass, List<?>... columns) {
        return bindArrays(em.createNativeQuery(sql, resultClass), columns);
    }

    private static Query bindArrays(Query query, List<?>... columns) {
        for (int i = 0; i < columns.length; i++) {
            query.setParameter(i + 1, arrayLiteral(columns[i]));
        }
        return query;
    }

    /** The PostgreSQL array input syntax: {@code {"a","b\"c"}}; every element quoted, quotes and backslashes escaped. */
    static String arrayLiteral(List<?> elements) {
        StringBuilder literal = new StringBuilder(elements.size() * 40).append('{');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            Object element = elements.get(i);
            if (element == null) {
                literal.append("NULL");
                continue;
            }
            String text = element.toString();
            literal.append('"');
            for (int c = 0; c < text.length(); c++) {
                char character = text.charAt(c);
                if (character == '"' || character == '\\') {
                    literal.append('\\');
                }
                literal.append(character);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    /** A timestamp column of a native query, as the JDBC driver hands it over. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
