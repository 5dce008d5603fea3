package io.energycorrelator.influx;

import com.influxdb.query.exceptions.FluxQueryException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** InfluxDB's annotated CSV as FluxCsv reads it: only the columns asked for, typed as the client types them. */
class FluxCsvTest {

    private static final String TWO_TABLES = """
            #datatype,string,long,dateTime:RFC3339,string,string,string\r
            ,result,table,_time,_value,_field,entity_id\r
            ,_result,0,2024-03-01T19:30:05.5Z,on,state,"switch.a,b"\r
            ,_result,1,2024-03-01T19:30:06Z,"say ""hi""\r
            twice",state,switch.c\r
            \r
            #datatype,string,long,dateTime:RFC3339,double,string,string\r
            ,result,table,_time,_value,_field,entity_id\r
            ,_result,2,2024-03-01T19:30:07.123456789Z,2450.5,power,\r
            ,_result,2,2024-03-01T19:30:08Z,+Inf,power,x\r
            \r
            """;

    private static List<List<Object>> read(String csv, List<String> columns) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
        new FluxCsv(in, columns).forEachRow(row -> {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(columns.get(i).equals("_time") ? row.time(i) : row.value(i));
            }
            rows.add(values);
        });
        return rows;
    }

    @Test
    void quotedCellsKeepTheirCommasQuotesAndLineBreaks() throws IOException {
        assertThat(read(TWO_TABLES, List.of("entity_id", "_value"))).containsExactly(
                List.of("switch.a,b", "on"),
                List.of("switch.c", "say \"hi\"\r\ntwice"),
                java.util.Arrays.asList(null, 2450.5),
                List.of("x", Double.POSITIVE_INFINITY));
    }

    @Test
    void eachTableBlockHasItsOwnTypesAndColumnOrder() throws IOException {
        String csv = TWO_TABLES + """
                #datatype,string,long,long,dateTime:RFC3339\r
                ,result,table,_value,_time\r
                ,_result,3,42,2024-03-01T19:30:09Z\r
                """;
        assertThat(read(csv, List.of("_time", "_value"))).containsExactly(
                List.of(Instant.parse("2024-03-01T19:30:05.5Z"), "on"),
                List.of(Instant.parse("2024-03-01T19:30:06Z"), "say \"hi\"\r\ntwice"),
                List.of(Instant.parse("2024-03-01T19:30:07.123456789Z"), 2450.5),
                List.of(Instant.parse("2024-03-01T19:30:08Z"), Double.POSITIVE_INFINITY),
                List.of(Instant.parse("2024-03-01T19:30:09Z"), 42L));
    }

    @Test
    void numbersAreTypedByTheColumnsDatatype() throws IOException {
        String csv = """
                #datatype,string,long,string,double,long,unsignedLong,boolean\r
                ,result,table,s,d,l,u,b\r
                ,_result,0,1.5,1,-7,18446744073709551615,true\r
                ,_result,0,,,,,\r
                """;
        List<String> columns = List.of("s", "d", "l", "u", "b");
        List<Boolean> numbers = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        new FluxCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), columns).forEachRow(row -> {
            for (int i = 0; i < columns.size(); i++) {
                numbers.add(row.isNumber(i));
                if (row.isNumber(i)) {
                    values.add(row.number(i));
                }
            }
        });
        assertThat(numbers).containsExactly(false, true, true, true, false, false, false, false, false, false);
        assertThat(values).containsExactly(1.0, -7.0, -1.0); // an unsigned long read as the client reads it
        assertThat(read(csv, columns).get(0)).containsExactly("1.5", 1.0, -7L, -1L, true);
        assertThat(read(csv, columns).get(1)).containsOnlyNulls();
    }

    @Test
    void anErrorInsideASuccessfulResponseIsThrown() {
        String csv = """
                #datatype,string,string\r
                ,error,reference\r
                ,"failed to execute query: out of memory",897\r
                """;
        assertThatThrownBy(() -> read(csv, List.of("_value")))
                .isInstanceOf(FluxQueryException.class).hasMessageContaining("out of memory");
    }

    @Test
    void anEmptyResultHasNoRows() throws IOException {
        assertThat(read("", List.of("_value"))).isEmpty();
        assertThat(read("\r\n", List.of("_value"))).isEmpty();
    }

    @Test
    void decimalsReadFromTheBytesAreWhatParseDoubleReads() {
        java.util.Random random = new java.util.Random(9);
        List<String> texts = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "1.", ".5", "-.5", "2450.5", "999999999999999",
                "9999999999999999", "0.1", "0.3", "1.0000000000000002", "123456.789012345678", "1e5", "1E-3", "+Inf",
                "-Inf", "NaN", "100000000000000000000000.5", "0.0000000000000000000001", "0.00000000000000000000001"));
        for (int i = 0; i < 200_000; i++) {
            double d = random.nextInt(4) == 0 ? random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15)
                    : Math.round(random.nextDouble() * 100_000_0) / 10.0 - 30_000;
            texts.add(Double.toString(d));
            texts.add(new java.math.BigDecimal(d).setScale(random.nextInt(20), java.math.RoundingMode.HALF_EVEN).toPlainString());
        }
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            double read = FluxCsv.plainDecimal(bytes, 0, bytes.length);
            if (!Double.isNaN(read)) {
                assertThat(Double.doubleToRawLongBits(read)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
            }
        }
        assertThat(FluxCsv.plainDecimal("2450.5".getBytes(StandardCharsets.US_ASCII), 0, 6)).isEqualTo(2450.5);
        assertThat(FluxCsv.plainDecimal("1e5".getBytes(StandardCharsets.US_ASCII), 0, 3)).isNaN();
    }
}
