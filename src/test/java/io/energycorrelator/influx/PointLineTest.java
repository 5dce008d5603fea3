package io.energycorrelator.influx;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.energycorrelator.support.StoredPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointLineTest {

    /** The tag InfluxDB stores for a value, read back from the line by its parser's rules. */
    private static String storedTag(String value) {
        return StoredPoint.parse(PointLine.measurement("m").tag("t", value).field("f", 1L).at(1)).tags().get("t");
    }

    @Test
    void aValueThatNeedsNoCleaningIsStoredAsItIs() {
        for (String value : new String[] {"on", "switch.kitchen_light", "a b", "x,y", "k=v", "=", ",", " ", "tab\there", "nul\0byte",
                "q\"uote", "back\\slash", "\\\\x", "\\\"", "ünïcödé", "\uD83D\uDE00", "x".repeat(10_000)}) {
            assertThat(PointLine.cleanTag(value)).isEqualTo(value);
            assertThat(storedTag(value)).isEqualTo(value);
        }
    }

    @Test
    void aLineBreakBecomesASpaceAndABackslashBeforeASeparatorOrTheEndAFullwidthOne() {
        assertThat(PointLine.cleanTag("line\nbreak")).isEqualTo("line break");
        assertThat(PointLine.cleanTag("cr\r\nlf\n\r")).isEqualTo("cr lf  ");
        assertThat(PointLine.cleanTag("on\\")).isEqualTo("on＼");
        assertThat(PointLine.cleanTag("\\")).isEqualTo("＼");
        assertThat(PointLine.cleanTag("a\\\\")).isEqualTo("a\\＼");
        assertThat(PointLine.cleanTag("a\n\\")).isEqualTo("a ＼");
        assertThat(PointLine.cleanTag("a\\ b")).isEqualTo("a＼ b");
        assertThat(PointLine.cleanTag("x\\,y\\=z")).isEqualTo("x＼,y＼=z");
        assertThat(PointLine.cleanTag("x\\\n")).isEqualTo("x＼ ");
        assertThat(PointLine.cleanTag("\\\\ ")).isEqualTo("\\＼ ");
        for (String value : new String[] {"line\nbreak", "on\\", "\\", "a\\\\", "a\n\\", "x\\ \\", "a\\ b", "x\\,y\\=z", "\\\\ "}) {
            assertThat(storedTag(value)).isEqualTo(PointLine.cleanTag(value));
            assertThat(PointLine.cleanTag(PointLine.cleanTag(value))).isEqualTo(PointLine.cleanTag(value));
        }
    }

    /** Why PointLine escapes tags itself: the InfluxDB client's Point writes a trailing backslash as it is. */
    @Test
    void theClientsPointWritesALineInfluxDbCannotParseWhereATagValueEndsInABackslash() {
        String clients = Point.measurement("m").addTag("t", "on\\").addField("f", 1L).time(1L, WritePrecision.NS).toLineProtocol();

        assertThat(clients).isEqualTo("m,t=on\\ f=1i 1"); // the backslash escapes the space that ends the tags
        assertThatThrownBy(() -> StoredPoint.parse(clients)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PointLine.measurement("m").tag("t", "on\\").field("f", 1L).at(1)).isEqualTo("m,t=on＼ f=1i 1");
        assertThat(storedTag("on\\")).isEqualTo("on＼");
    }

    @Test
    void aBatchOfHostileLinesIsCutIntoTheSameLinesByInfluxDb() {
        String[] values = {"a\\ b", "x\\,y", "q\"", "\"", "k\\=v\"", "\\\\ \"", "on\\", "say \"hi\" \\", "s\n\"=,"};
        List<String> lines = new ArrayList<>();
        for (String tag : values) {
            for (String text : values) {
                lines.add(PointLine.measurement("m").tag("t", tag).tag("u", text).field("s", text).field("n", 1L).at(lines.size()));
            }
        }

        assertThat(StoredPoint.lines(String.join("\n", lines))).isEqualTo(lines);
    }

    @Test
    void anEmptyOrNullTagIsLeftOut() {
        assertThat(PointLine.measurement("m").tag("a", "").tag("b", null).tag("c", "x").field("f", 1L).at(5)).isEqualTo("m,c=x f=1i 5");
    }

    @Test
    void stringFieldsKeepEveryCharacter() {
        for (String value : new String[] {"", "on\\", "\\", "say \"hi\"", "line\nbreak", "tab\t", "\"", "\\\"", "y".repeat(70_000)}) {
            assertThat(StoredPoint.parse(PointLine.measurement("m").field("s", value).at(1)).fields().get("s")).isEqualTo(value);
        }
    }

    @Test
    void mapsOfTagsAndFieldsAreWrittenInKeyOrderWithTheirTypes() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("z_text", "a;b");
        fields.put("count", 3L);
        fields.put("watts", 2.5);
        fields.put("nan", Double.NaN);
        fields.put("small", 1e-7);
        fields.put("flag", true);
        fields.put("absent", null);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("transition", "off->on\\");
        tags.put("entity_id", "switch.a b");

        assertThat(PointLine.measurement("device power").tags(tags).fields(fields).at(1_700_000_000_000_000_000L)).isEqualTo(
                "device\\ power,entity_id=switch.a\\ b,transition=off->on＼ count=3i,flag=true,small=0.0000001,watts=2.5,"
                        + "z_text=\"a;b\" 1700000000000000000");
    }

    @Test
    void aPointWithoutAnyFieldCannotBeWritten() {
        assertThatThrownBy(() -> PointLine.measurement("m").tag("t", "x").field("f", Double.NaN).at(1))
                .isInstanceOf(IllegalStateException.class);
    }
}
