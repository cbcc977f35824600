package dev.chat.platform.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Native SQL with an {@code IN} list, which JPA cannot bind as one parameter. */
public final class NativeQueries {
    /** Stands for the list in the SQL: {@code … WHERE id IN (:list)}. */
    public static final String LIST = ":list";

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
}
