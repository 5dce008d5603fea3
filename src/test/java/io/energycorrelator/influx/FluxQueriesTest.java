package io.energycorrelator.influx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FluxQueriesTest {

    @Test
    void aStringLiteralEscapesQuotesBackslashesNewlinesAndInterpolation() {
        assertThat(FluxQueries.string("plain")).isEqualTo("\"plain\"");
        assertThat(FluxQueries.string("a\") |> drop(columns: [\"x\"]) //"))
                .isEqualTo("\"a\\\") |> drop(columns: [\\\"x\\\"]) //\"");
        assertThat(FluxQueries.string("back\\slash")).isEqualTo("\"back\\\\slash\"");
        assertThat(FluxQueries.string("line\nbreak")).isEqualTo("\"line\\nbreak\"");
        assertThat(FluxQueries.string("${secret}")).isEqualTo("\"\\${secret}\"");
        assertThat(FluxQueries.string("costs $5")).isEqualTo("\"costs $5\"");
    }
}
