package dev.chat.platform.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Native SQL with an {@code IN} list or a {@code VALUES} list, which JPA cannot bind as one parameter. */
public final class NativeQueries {
    /** Stands for the list in the SQL: {@code … WHERE id IN (:list)}. */
    public static final String LIST = ":list";
    /** Stands for the rows of a {@code VALUES} list in the SQL: {@code … FROM (VALUES :rows) AS v(a, b)}. */
    public static final String ROWS = ":rows";

    private NativeQueries() {
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
     * A native query whose {@link #ROWS} becomes one parenthesised tuple of positional parameters
     * per row, {@code (?1, ?2), (?3, ?4) …}, bound to the rows' values in order: a whole batch in
     * one statement instead of one round trip per row.
     */
    public static Query withRows(EntityManager em, String sql, List<List<?>> rows) {
        StringBuilder tuples = new StringBuilder();
        int position = 0;
        for (List<?> row : rows) {
            tuples.append(tuples.length() == 0 ? "(" : ", (");
            for (int column = 0; column < row.size(); column++) {
                tuples.append(column == 0 ? "?" : ", ?").append(++position);
            }
            tuples.append(')');
        }
        Query query = em.createNativeQuery(sql.replace(ROWS, tuples));
        position = 0;
        for (List<?> row : rows) {
            for (Object value : row) {
                query.setParameter(++position, value);
            }
        }
        return query;
    }
}
