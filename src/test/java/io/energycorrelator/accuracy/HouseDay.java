package io.energycorrelator.accuracy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One house's day with its truth: the state changes and their true steps, the meter's best split for each
 * ({@link MeterCeiling}), each appliance's true energy; and the scoring of what the service wrote against them.
 */
public final class HouseDay {

    private final RefitHouse house;
    private final List<TrueEvent> events;
    private final double[] ceilingStepsW;
    private final Map<String, Double> trueEnergyWh = new LinkedHashMap<>();

    public HouseDay(RefitHouse house) {
        this.house = house;
        this.events = Crossings.of(house);
        this.ceilingStepsW = events.stream()
                .mapToDouble(e -> e.scored() ? MeterCeiling.bestStepW(house.aggregate(), e.index(), e.trueStepW()) : Double.NaN)
                .toArray();
        for (int k = 0; k < house.channels().length; k++) {
            trueEnergyWh.put(RefitHouse.entityId(k), TrueEnergy.wattHours(house.unix(), house.channels()[k]));
        }
    }

    public RefitHouse house() {
        return house;
    }

    public List<TrueEvent> events() {
        return events;
    }

    public Map<String, Double> trueEnergyWh() {
        return trueEnergyWh;
    }

    /** The UTC midnight that starts the house's day. */
    public Instant dayStart() {
        return house.time(0).truncatedTo(ChronoUnit.DAYS);
    }

    public Instant midday() {
        return dayStart().plus(Duration.ofHours(12));
    }

    public Instant dayEnd() {
        return dayStart().plus(Duration.ofDays(1));
    }

    /** What the house looks like in Home Assistant's InfluxDB. */
    public List<String> homeAssistantRows(HomeAssistantRows.MeterRows meterRows) {
        return HomeAssistantRows.of(house, events, meterRows);
    }

    /** The steps written for the state changes at or after {@code from}, scored. */
    public StepScores steps(Map<String, WrittenStep> written, Instant from, double thresholdW) {
        StepScores scores = new StepScores(thresholdW);
        for (int i = 0; i < events.size(); i++) {
            TrueEvent e = events.get(i);
            if (!e.time().isBefore(from)) {
                scores.add(e, written.get(WrittenStep.key(e.entityId(), e.time())), ceilingStepsW[i]);
            }
        }
        return scores;
    }

    /** The house's day as each appliance's point says it (its energy, range and confidence), beside its true energy. */
    public List<EnergyCalibration.DeviceDay> energyCalibration(List<ServiceRun.WrittenEnergy> written) {
        return written.stream().filter(w -> w.day().equals(dayStart()) && trueEnergyWh.containsKey(w.entityId()))
                .map(w -> new EnergyCalibration.DeviceDay(w.confidence(), w.energyWh(), w.lowWh(), w.highWh(),
                        trueEnergyWh.get(w.entityId())))
                .toList();
    }

    /** The daily energy written for each appliance, scored. */
    public EnergyScores energy(Map<String, Double> writtenWh) {
        EnergyScores scores = new EnergyScores();
        trueEnergyWh.forEach((entity, truth) -> scores.add(truth, writtenWh.getOrDefault(entity, Double.NaN)));
        return scores;
    }
}
