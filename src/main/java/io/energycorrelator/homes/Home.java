package io.energycorrelator.homes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One home: its id and its own beans (its watermark, statistics, device profiles, readers, backfill …), each found
 * by its type. The default home's are the registry's; a home of the homes file has its own ({@link HomeWiring}).
 */
public final class Home {

    private final String id;
    private final Function<Class<?>, Object> beans;
    /** Asked for on every dispatcher call, several times a state change: found once. */
    private final Map<Class<?>, Object> byType = new ConcurrentHashMap<>();

    public Home(String id, Function<Class<?>, Object> beans) {
        this.id = id;
        this.beans = beans;
    }

    public String id() {
        return id;
    }

    /** The home's bean of this type (one per home). */
    public <T> T bean(Class<T> type) {
        return type.cast(byType.computeIfAbsent(type, beans));
    }

    @Override
    public String toString() {
        return "home " + id;
    }
}
