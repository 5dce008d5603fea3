package io.energycorrelator.influx;

import com.influxdb.client.WriteApi;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.client.write.WriteParameters;
import com.influxdb.client.write.events.AbstractWriteEvent;
import com.influxdb.client.write.events.EventListener;
import com.influxdb.client.write.events.ListenerRegistration;

import java.util.List;

/**
 * A {@link WriteApi} whose every write goes straight through {@link WriteApiBlocking}: it returns once InfluxDB
 * accepted the points and throws when it did not.
 *
 * <p>Why ours: the client hands out either the batching {@link WriteApi} that camel-influxdb2 calls or the confirming {@link WriteApiBlocking}, never one as the other; this is the adapter ({@link ConfirmedWritesClient}).
 */
final class BlockingWriteApi implements WriteApi {

    private final WriteApiBlocking blocking;

    BlockingWriteApi(WriteApiBlocking blocking) {
        this.blocking = blocking;
    }

    @Override
    public void writeRecord(WritePrecision precision, String record) {
        blocking.writeRecord(precision, record);
    }

    @Override
    public void writeRecord(String bucket, String org, WritePrecision precision, String record) {
        blocking.writeRecord(bucket, org, precision, record);
    }

    @Override
    public void writeRecord(String record, WriteParameters parameters) {
        blocking.writeRecord(record, parameters);
    }

    @Override
    public void writeRecords(WritePrecision precision, List<String> records) {
        blocking.writeRecords(precision, records);
    }

    @Override
    public void writeRecords(String bucket, String org, WritePrecision precision, List<String> records) {
        blocking.writeRecords(bucket, org, precision, records);
    }

    @Override
    public void writeRecords(List<String> records, WriteParameters parameters) {
        blocking.writeRecords(records, parameters);
    }

    @Override
    public void writePoint(Point point) {
        blocking.writePoint(point);
    }

    @Override
    public void writePoint(String bucket, String org, Point point) {
        blocking.writePoint(bucket, org, point);
    }

    @Override
    public void writePoint(Point point, WriteParameters parameters) {
        blocking.writePoint(point, parameters);
    }

    @Override
    public void writePoints(List<Point> points) {
        blocking.writePoints(points);
    }

    @Override
    public void writePoints(String bucket, String org, List<Point> points) {
        blocking.writePoints(bucket, org, points);
    }

    @Override
    public void writePoints(List<Point> points, WriteParameters parameters) {
        blocking.writePoints(points, parameters);
    }

    @Override
    public <M> void writeMeasurement(WritePrecision precision, M measurement) {
        blocking.writeMeasurement(precision, measurement);
    }

    @Override
    public <M> void writeMeasurement(String bucket, String org, WritePrecision precision, M measurement) {
        blocking.writeMeasurement(bucket, org, precision, measurement);
    }

    @Override
    public <M> void writeMeasurement(M measurement, WriteParameters parameters) {
        blocking.writeMeasurement(measurement, parameters);
    }

    @Override
    public <M> void writeMeasurements(WritePrecision precision, List<M> measurements) {
        blocking.writeMeasurements(precision, measurements);
    }

    @Override
    public <M> void writeMeasurements(String bucket, String org, WritePrecision precision, List<M> measurements) {
        blocking.writeMeasurements(bucket, org, precision, measurements);
    }

    @Override
    public <M> void writeMeasurements(List<M> measurements, WriteParameters parameters) {
        blocking.writeMeasurements(measurements, parameters);
    }

    /** No write event ever happens: a failure is thrown to the writer instead. */
    @Override
    public <T extends AbstractWriteEvent> ListenerRegistration listenEvents(Class<T> eventType, EventListener<T> listener) {
        return () -> { };
    }

    /** Nothing is buffered. */
    @Override
    public void flush() {
    }

    /** Nothing is buffered; the client itself is closed by its owner. */
    @Override
    public void close() {
    }
}
