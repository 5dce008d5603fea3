package io.energycorrelator.correlate;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
import io.energycorrelator.influx.FluxQueries;
import io.energycorrelator.observe.Statistics;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a cycle's state changes with one Flux query; a record that cannot be used is skipped and counted. */
public class StateChangeReader {

    private static final Logger LOG = LoggerFactory.getLogger(StateChangeReader.class);

    private final InfluxDBClient influx;
    private final FluxQueries queries;
    private final Statistics statistics;

    public StateChangeReader(InfluxDBClient influx, FluxQueries queries, Statistics statistics) {
        this.influx = influx;
        this.queries = queries;
        this.statistics = statistics;
    }

    public List<StateChange> read(@ExchangeProperty("cycle") Cycle cycle) {
        List<FluxTable> tables = influx.getQueryApi().query(queries.stateChanges(cycle.start(), cycle.end()));
        statistics.fluxQuery();
        List<StateChange> changes = new ArrayList<>();
        for (FluxTable table : tables) {
            for (FluxRecord record : table.getRecords()) {
                StateChange change = toStateChange(record);
                if (change != null) {
                    changes.add(change);
                }
            }
        }
        return changes;
    }

    private StateChange toStateChange(FluxRecord record) {
        Instant time = record.getTime();
        String entityId = text(record, "entity_id");
        String domain = text(record, "domain");
        String state = text(record, "state_value");
        String reason = time == null ? "missing_time"
                : entityId == null ? "missing_entity_id"
                : domain == null ? "missing_domain"
                : state == null ? "missing_state"
                : null;
        if (reason != null) {
            skip(reason, record);
            return null;
        }
        return new StateChange(time, entityId, domain, state, text(record, "previous_state"));
    }

    private void skip(String reason, FluxRecord record) {
        if (statistics.skipped(reason)) {
            LOG.warn("Skipped a state change ({}): {}", reason, record.getValues());
        }
    }

    private static String text(FluxRecord record, String column) {
        Object value = record.getValueByKey(column);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
