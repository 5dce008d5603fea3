package io.energycorrelator.devices.profile;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured power of each entity that has one ({@link ConfiguredPower}), by entity id. */
public final class ConfiguredPowers {

    /** None configured: every device is valued by its profiles. */
    public static final ConfiguredPowers NONE = new ConfiguredPowers(Map.of());

    private final Map<String, ConfiguredPower> byEntity;

    public ConfiguredPowers(Map<String, ConfiguredPower> byEntity) {
        this.byEntity = Map.copyOf(byEntity);
    }

    public Optional<ConfiguredPower> of(String entityId) {
        return Optional.ofNullable(byEntity.get(entityId));
    }

    /** Every entity configured, in id order. */
    public Map<String, ConfiguredPower> all() {
        return new TreeMap<>(byEntity);
    }

    public int size() {
        return byEntity.size();
    }
}
