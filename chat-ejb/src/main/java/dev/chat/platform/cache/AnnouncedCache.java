package dev.chat.platform.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A per-node cache of database reads whose changes are announced (on Kafka, and on the changing
 * node right after its commit): an announcement removes its key ({@link #invalidate}), and a
 * time-to-live bounds how long a missed one could last. An invalidation racing with a load wins:
 * a load is cached only if no invalidation (of any key) happened while it ran, which costs a rare
 * extra query and keeps no state per key beyond the cache itself. Bounded: when full, it is
 * emptied (crude, but a miss costs one indexed query).
 */
public final class AnnouncedCache<K, V> {
    private record Entry<V>(V value, long loadedAtMillis) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final long ttlMillis;
    private final int maxEntries;

    public AnnouncedCache(long ttlMillis, int maxEntries) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
    }

    public V get(K key, Function<K, V> load) {
        Entry<V> entry = entries.get(key);
        if (entry != null && System.currentTimeMillis() - entry.loadedAtMillis() < ttlMillis) {
            return entry.value();
        }
        long invalidationsBefore = invalidations.get();
        V value = load.apply(key);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        if (invalidations.get() == invalidationsBefore) {
            entries.put(key, new Entry<>(value, System.currentTimeMillis()));
        }
        return value;
    }

    public void invalidate(K key) {
        invalidations.incrementAndGet();
        entries.remove(key);
    }
}
