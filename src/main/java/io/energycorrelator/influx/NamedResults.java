package io.energycorrelator.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several queries in one request: each part's query ends in {@code yield(name: …)}, and each row of the answer
 * goes to its part's consumer, which reads the part's own columns by their index in the part's list, as with
 * {@link StreamingQuery#forEachRow}.
 *
 * <p>Why ours: the client hands a multi-yield answer back only whole (FluxTables); this splits it as it streams, so a cycle makes one request where it made up to three (CostStructureIT counts them).
 */
public final class NamedResults {

    /** One query of the request: its name (the yield's), its Flux, the columns its consumer reads. */
    public record Part(String name, String flux, List<String> columns, Consumer<FluxRow> consumer) {
    }

    private NamedResults() {
    }

    public static void forEachRow(StreamingQuery query, List<Part> parts) {
        List<String> columns = new ArrayList<>(List.of("result"));
        int[][] indexes = new int[parts.size()][];
        StringBuilder flux = new StringBuilder();
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            indexes[p] = new int[part.columns().size()];
            for (int c = 0; c < indexes[p].length; c++) {
                String column = part.columns().get(c);
                if (!columns.contains(column)) {
                    columns.add(column);
                }
                indexes[p][c] = columns.indexOf(column);
            }
            flux.append(part.flux()).append("  |> yield(name: ").append(FluxQueries.string(part.name())).append(")\n");
        }
        PartRow view = new PartRow();
        query.forEachRow(flux.toString(), columns, row -> {
            String result = row.text(0);
            for (int p = 0; p < parts.size(); p++) {
                if (parts.get(p).name().equals(result)) {
                    view.row = row;
                    view.index = indexes[p];
                    parts.get(p).consumer().accept(view);
                    return;
                }
            }
        });
    }

    /** A row of the whole answer seen through one part's columns. */
    private static final class PartRow implements FluxRow {
        private FluxRow row;
        private int[] index;

        @Override
        public String text(int column) {
            return row.text(index[column]);
        }

        @Override
        public Object value(int column) {
            return row.value(index[column]);
        }

        @Override
        public boolean isNumber(int column) {
            return row.isNumber(index[column]);
        }

        @Override
        public double number(int column) {
            return row.number(index[column]);
        }

        @Override
        public long timeNanos(int column) {
            return row.timeNanos(index[column]);
        }
    }
}
