package dev.jconshgen.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {
    private static Map<String, Object> report() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "a \"quoted\" \\ name\n\ttab \u0001 ü");
        value.put("ok", true);
        value.put("count", 3);
        value.put("path", Path.of("/w/a:b"));
        value.put("empty", List.of());
        value.put("none", Map.of());
        value.put("list", List.of(1, "x"));
        value.put("missing", null);
        return value;
    }

    @Test
    void oneLineKeepsTheMapsOrderAndEscapesWhatJsonMust() {
        assertThat(Json.write(report())).isEqualTo("{\"name\":\"a \\\"quoted\\\" \\\\ name\\n\\ttab \\u0001 ü\",\"ok\":true,\"count\":3,"
                + "\"path\":\"/w/a:b\",\"empty\":[],\"none\":{},\"list\":[1,\"x\"],\"missing\":null}");
    }

    @Test
    void prettyIndentsByTwoWithAFinalNewline() {
        assertThat(Json.pretty(Map.of("list", List.of(1, 2), "empty", List.of()).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll)))
                .isEqualTo("{\n  \"empty\": [],\n  \"list\": [\n    1,\n    2\n  ]\n}\n");
    }

    record Sample(String name, Path dir, List<Path> more, long n) {
    }

    @Test
    void aRecordRoundTripsAndABrokenOneSaysWhere() {
        Sample sample = new Sample("s", Path.of("/a b/ü:c"), List.of(Path.of("x")), 7);
        assertThat(Json.readRecord(Json.prettyRecord(sample), Sample.class)).isEqualTo(sample);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.readRecord("{\n\"n\": \"seven\"}", Sample.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }

    enum Phase { NONE, DONE }

    record WithEnum(String name, Phase phase, List<String> items, boolean flag, int small) {
    }

    @Test
    void enumsListsAndAbsentComponentsBindByTheRecordAlone() {
        WithEnum full = new WithEnum("x", Phase.DONE, List.of("a", "b"), true, 7);
        assertThat(Json.readRecord(Json.prettyRecord(full), WithEnum.class)).isEqualTo(full);
        // absent: the type's empty value (a state file written before a component existed)
        assertThat(Json.readRecord("{\"name\": \"x\"}", WithEnum.class)).isEqualTo(new WithEnum("x", null, List.of(), false, 0));
        assertThat(Json.prettyRecord(full)).startsWith("{\n  \"name\": \"x\",\n  \"phase\": \"DONE\",");
    }

    @Test
    void whatIsWrongWithAStateFileIsSaidWithItsPlace() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.readRecord("{\"name\": \"x\",\n \"phase\": \"LATER\"}", WithEnum.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"phase\": 'LATER' is none of [NONE, DONE]")
                .hasMessageContaining("line 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.readRecord("{\"name\": \"x\", \"items\": [\"a\"", WithEnum.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.readRecord("[1]", WithEnum.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected an object");
    }
}
