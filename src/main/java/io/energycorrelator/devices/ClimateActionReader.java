package io.energycorrelator.devices;

import io.energycorrelator.config.Schema;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.influx.StreamingQuery;
import io.energycorrelator.correlate.Statistics;
import io.energycorrelator.devices.profile.ClimateActions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what each climate entity was doing ({@code hvac_action}), where the layout stores it as a field beside the
 * state (Home Assistant's integration: {@code hvac_action_str}): one query for a range, apart from the cycle's.
 */
public class ClimateActionReader {

    /** A layout that stores no action: every climate entity is valued by its mode. */
    public static final ClimateActionReader NONE = new ClimateActionReader(null, null, null, null, "");

    private final StreamingQuery query;
    private final FluxQueries queries;
    private final Statistics statistics;
    private final Schema schema;
    private final String field;

    /** @param field the field holding the action; empty: none stored */
    public ClimateActionReader(StreamingQuery query, FluxQueries queries, Statistics statistics, Schema schema, String field) {
        this.query = query;
        this.queries = queries;
        this.statistics = statistics;
        this.schema = schema;
        this.field = field;
    }

    /** Each climate entity's action at {@code start} and its action records in [start, stop), by full entity id. */
    public Map<String, ClimateActions> read(Instant start, Instant stop) {
        if (field.isEmpty() || !schema.trackedDomains().contains("climate")) {
            return Map.of();
        }
        Map<String, String> atStart = new HashMap<>();
        Map<String, Instant> atStartTime = new HashMap<>();
        Map<String, List<ClimateActions.Action>> changes = new HashMap<>();
        query.forEachRow(queries.climateAttribute(field, start, stop), List.of("_time", "_value", schema.entityTag(), schema.domainTag()),
                row -> {
                    String entity = entityId(text(row.text(2)), text(row.text(3)));
                    String action = text(row.value(1));
                    Instant time = row.time(0);
                    if (entity == null || action == null) {
                        return;
                    }
                    if (time.isBefore(start)) {
                        // The last record before the range, per series: the latest of the entity's series wins.
                        Instant known = atStartTime.get(entity);
                        if (known == null || time.isAfter(known)) {
                            atStartTime.put(entity, time);
                            atStart.put(entity, action);
                        }
                    } else {
                        changes.computeIfAbsent(entity, e -> new ArrayList<>()).add(new ClimateActions.Action(time, action));
                    }
                });
        statistics.fluxQuery();
        Set<String> entities = new HashSet<>(atStart.keySet());
        entities.addAll(changes.keySet());
        Map<String, ClimateActions> actions = new HashMap<>();
        for (String entity : entities) {
            List<ClimateActions.Action> list = changes.getOrDefault(entity, new ArrayList<>());
            list.sort(Comparator.comparing(ClimateActions.Action::time));
            actions.put(entity, new ClimateActions(atStart.get(entity), List.copyOf(list)));
        }
        return actions;
    }

    private String entityId(String tag, String domain) {
        return tag == null || schema.entityTagHasDomain() || domain == null ? tag : domain + "." + tag;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
