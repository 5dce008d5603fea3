package io.energycorrelator.homeassistant;

/** The two sensors each device gets in Home Assistant, with what Home Assistant needs to know of them. */
public enum Sensor {

    /** What the device draws now: its typical power while on, 0 while off. */
    POWER("power", "power", "power", "measurement", "W"),
    /**
     * What it used today so far, in the zone that cuts the days of the daily energy: it starts again from 0 at
     * midnight, which Home Assistant's statistics take as a new cycle of a total that only increases.
     */
    ENERGY("energy", "energy today", "energy", "total_increasing", "Wh");

    private final String key;
    private final String name;
    private final String deviceClass;
    private final String stateClass;
    private final String unit;

    Sensor(String key, String name, String deviceClass, String stateClass, String unit) {
        this.key = key;
        this.name = name;
        this.deviceClass = deviceClass;
        this.stateClass = stateClass;
        this.unit = unit;
    }

    /** The last level of its state topic and of its ids: {@code power}, {@code energy}. */
    public String key() {
        return key;
    }

    /** Its name after the device's entity id: {@code switch.kettle power}. */
    public String nameSuffix() {
        return name;
    }

    public String deviceClass() {
        return deviceClass;
    }

    public String stateClass() {
        return stateClass;
    }

    public String unit() {
        return unit;
    }
}
