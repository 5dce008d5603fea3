package io.energycorrelator.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.Dialect;
import com.influxdb.client.domain.Query;
import com.influxdb.client.service.QueryService;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.exceptions.NotFoundException;
import com.influxdb.exceptions.UnauthorizedException;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a Flux query on the calling thread and hands each row of its result over as it streams in, parsing
 * only the columns the caller asks for ({@link FluxCsv}): a large result is never held in memory, and no
 * record map or timestamp is built that nobody reads. The response is asked for uncompressed (compressing
 * it costs InfluxDB more than sending it does). A failed query throws. A result that stops coming for longer
 * than the client's read timeout (InfluxDB hung, a broken stream) fails the query, so that a cycle or a
 * backfill never waits forever; a long result that keeps coming is read whole however long it takes.
 *
 * <p>Why ours: the client's blocking query holds the whole answer as FluxTables and its streaming one calls back on another thread; the cost of that parser: {@link FluxCsv}.
 */
public final class StreamingQuery {

    private static final Dialect CSV = new Dialect().header(true).delimiter(",").commentPrefix("#")
            .annotations(List.of(Dialect.AnnotationsEnum.DATATYPE)).dateTimeFormat(Dialect.DateTimeFormatEnum.RFC3339NANO);

    private final QueryService service;
    private final String org;
    private final Duration silence;

    /**
     * @param influx  a client made by {@link InfluxClientFactory}, whose read timeout bounds the silence
     * @param silence that read timeout (correlator.influxdb.timeout-seconds), named in the error it causes
     */
    public StreamingQuery(InfluxDBClient influx, String org, Duration silence) {
        this.service = influx.getService(QueryService.class);
        this.org = org;
        this.silence = silence;
    }

    /**
     * Runs {@code flux}; for each row of its result, {@code consumer} reads the cells of {@code columns} (by
     * their index in that list) from the row it is handed, during the call.
     */
    public void forEachRow(String flux, List<String> columns, Consumer<FluxRow> consumer) {
        Call<ResponseBody> call = service.postQueryResponseBody(null, "identity", null, org, null,
                new Query().query(flux).dialect(CSV));
        try {
            Response<ResponseBody> response = call.execute();
            if (!response.isSuccessful()) {
                throw error(response);
            }
            try (ResponseBody body = response.body(); InputStream in = body.byteStream()) {
                new FluxCsv(in, columns).forEachRow(consumer);
            }
        } catch (InterruptedIOException e) { // the read timeout
            throw new InfluxException(new IOException("InfluxDB sent nothing for " + silence.toSeconds()
                    + " s while answering a query (correlator.influxdb.timeout-seconds)", e));
        } catch (IOException e) {
            throw new InfluxException(e);
        }
    }

    /** The error InfluxDB answered with, as the client reports it (its message taken from the answer). */
    private static InfluxException error(Response<?> response) {
        return switch (response.code()) {
            case 401 -> new UnauthorizedException(response);
            case 404 -> new NotFoundException(response);
            default -> new InfluxException(response);
        };
    }
}
