package io.energycorrelator.devices;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.energycorrelator.devices.profile.ConfiguredPowers;
import io.energycorrelator.devices.profile.DeviceEnergyDay;
import io.energycorrelator.devices.profile.DevicePower;
import io.energycorrelator.devices.profile.DeviceProfile;
import io.energycorrelator.devices.profile.ObservedStep;
import io.energycorrelator.devices.profile.ProfileBook;
import io.energycorrelator.devices.profile.ProfileRecord;
import org.apache.camel.Header;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bodies of GET /devices (every device with a profile or a configured power, its typical power and its energy
 * today so far and yesterday, most energy first; its configured power beside the learned one, {@link PowerComparison})
 * and GET /devices/{entity_id} (one, with its last steps). The energy figures
 * cost five queries a day asked for (three for the span the data covers, the states at its start, the state changes),
 * so they are kept for {@link #ENERGY_CACHE}.
 */
public class DevicesReport {

    /** How many of a device's most recent steps GET /devices/{entity_id} lists. */
    public static final int RECENT_STEPS_SHOWN = 20;
    static final Duration ENERGY_CACHE = Duration.ofSeconds(30);

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TransitionProfile(String transition, double typicalStepW, double spreadW, int count, double confidence,
            String lastSeen) {
    }

    /**
     * A device as listed: its energy today so far and yesterday each with the range the truth lay in four times in
     * five and the confidence that it is within 25 % ({@link io.energycorrelator.devices.profile.EnergyConfidence}; null
     * where the day is not valued), and whether its power is {@code profile} (learned) or {@code configured}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Device(String entityId, List<TransitionProfile> transitions, Double typicalPowerW, Double energyTodayWh,
            Double energyTodayWhLow, Double energyTodayWhHigh, Double energyTodayConfidence, Double energyYesterdayWh,
            Double energyYesterdayWhLow, Double energyYesterdayWhHigh, Double energyYesterdayConfidence,
            String estimateSource, Double configuredPowerW, Double configuredStandbyW, Double learnedPowerW,
            Boolean powerDisagrees) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Step(String time, String transition, double stepW) {
    }

    /** One device as {@link Device} says it, with its last steps. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeviceDetail(String entityId, List<TransitionProfile> transitions, Double typicalPowerW,
            Double energyTodayWh, Double energyTodayWhLow, Double energyTodayWhHigh, Double energyTodayConfidence,
            Double energyYesterdayWh, Double energyYesterdayWhLow, Double energyYesterdayWhHigh,
            Double energyYesterdayConfidence, String estimateSource, Double configuredPowerW, Double configuredStandbyW,
            Double learnedPowerW, Boolean powerDisagrees, List<Step> recentSteps) {
    }

    private record Energy(Instant at, Map<String, DeviceEnergyDay> today, Map<String, DeviceEnergyDay> yesterday) {
    }

    private final ProfileBook book;
    private final DeviceEnergy energy;
    private final Clock clock;
    private final ConfiguredPowers configured;
    private volatile Energy cached;

    public DevicesReport(ProfileBook book, DeviceEnergy energy, Clock clock) {
        this(book, energy, clock, ConfiguredPowers.NONE);
    }

    public DevicesReport(ProfileBook book, DeviceEnergy energy, Clock clock, ConfiguredPowers configured) {
        this.book = book;
        this.energy = energy;
        this.clock = clock;
        this.configured = configured;
    }

    public List<Device> list() {
        Energy e = energy();
        Map<String, List<TransitionProfile>> byDevice = transitions();
        List<Device> devices = new ArrayList<>();
        byDevice.forEach((entity, transitions) -> devices.add(device(entity, transitions, e)));
        devices.sort(Comparator.comparing((Device d) -> d.energyTodayWh() == null ? -1 : d.energyTodayWh()).reversed()
                .thenComparing(d -> d.energyYesterdayWh() == null ? -1 : d.energyYesterdayWh(), Comparator.reverseOrder())
                .thenComparing(Device::entityId));
        return devices;
    }

    /** One device with its last steps, or null when it has neither a profile nor a configured power. */
    public DeviceDetail one(@Header("entity_id") String entityId) {
        List<TransitionProfile> transitions = transitions().get(entityId);
        if (transitions == null) {
            return null;
        }
        Device d = device(entityId, transitions, energy());
        List<Step> steps = new ArrayList<>();
        for (ProfileRecord record : book.snapshot()) {
            if (record.entityId().equals(entityId)) {
                for (ObservedStep step : record.recentSteps()) {
                    steps.add(new Step(step.time().toString(), record.transition(), step.stepW()));
                }
            }
        }
        steps.sort(Comparator.comparing(Step::time).reversed());
        return new DeviceDetail(entityId, d.transitions(), d.typicalPowerW(), d.energyTodayWh(), d.energyTodayWhLow(),
                d.energyTodayWhHigh(), d.energyTodayConfidence(), d.energyYesterdayWh(), d.energyYesterdayWhLow(),
                d.energyYesterdayWhHigh(), d.energyYesterdayConfidence(), d.estimateSource(), d.configuredPowerW(),
                d.configuredStandbyW(), d.learnedPowerW(), d.powerDisagrees(),
                List.copyOf(steps.subList(0, Math.min(RECENT_STEPS_SHOWN, steps.size()))));
    }

    /** The body of a 404: no profile of that device. */
    public Map<String, String> noProfile(@Header("entity_id") String entityId) {
        return Map.of("error", "no device profile nor configured power for " + entityId);
    }

    private Map<String, List<TransitionProfile>> transitions() {
        Map<String, List<TransitionProfile>> byDevice = new TreeMap<>();
        for (DeviceProfile p : book.profiles()) {
            byDevice.computeIfAbsent(p.entityId(), e -> new ArrayList<>()).add(new TransitionProfile(p.transition(),
                    p.typicalStepW(), p.spreadW(), p.count(), p.confidence(), p.lastSeen() == null ? null : p.lastSeen().toString()));
        }
        configured.all().keySet().forEach(entity -> byDevice.putIfAbsent(entity, List.of()));
        return byDevice;
    }

    private Device device(String entity, List<TransitionProfile> transitions, Energy e) {
        DeviceEnergyDay today = e.today().get(entity);
        DeviceEnergyDay yesterday = e.yesterday().get(entity);
        DeviceEnergyDay valued = today != null ? today : yesterday;
        PowerComparison power = PowerComparison.of(configured.of(entity).orElse(null),
                DevicePower.learnedOnWatts(entity, book, energy.states()));
        String source = configured.of(entity).isPresent() ? DeviceEnergyDay.CONFIGURED : DeviceEnergyDay.PROFILE;
        return new Device(entity, transitions, valued == null ? null : valued.typicalPowerW(),
                today == null ? null : today.energyWh(), today == null ? null : today.energyWhLow(),
                today == null ? null : today.energyWhHigh(), today == null ? null : today.confidence(),
                yesterday == null ? null : yesterday.energyWh(), yesterday == null ? null : yesterday.energyWhLow(),
                yesterday == null ? null : yesterday.energyWhHigh(), yesterday == null ? null : yesterday.confidence(),
                source, power.configuredPowerW(), power.configuredStandbyW(), power.learnedPowerW(), power.disagrees());
    }

    /**
     * The energy figures, computed at most once per cache period: requests that find them stale while they are
     * being computed wait for that computation rather than each start their own (a handful of Flux queries).
     */
    private Energy energy() {
        Energy e = cached;
        if (fresh(e)) {
            return e;
        }
        synchronized (this) {
            e = cached;
            if (!fresh(e)) {
                e = new Energy(clock.instant(), energy.today(), energy.yesterday());
                cached = e;
            }
            return e;
        }
    }

    private boolean fresh(Energy e) {
        return e != null && Duration.between(e.at(), clock.instant()).compareTo(ENERGY_CACHE) <= 0;
    }
}
