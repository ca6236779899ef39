// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The compact request headers read exactly as the case-insensitive TreeMap they replace. */
class RequestHeadersTest {

    private static final List<Map.Entry<String, String>> LINES = List.of(
            Map.entry("Host", "example.test"), Map.entry("X-Two", "a"), Map.entry("Accept", "*/*"),
            Map.entry("x-two", "b"), Map.entry("Cookie", "c=1"), Map.entry("X-TWO", "c"));

    @Test
    void readsAsTheCaseInsensitiveTreeMap() {
        Map<String, List<String>> tree = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : LINES) {
            tree.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        RequestHeaders headers = RequestHeaders.of(LINES);
        assertThat(headers).isEqualTo(tree).hasSameHashCodeAs(tree);
        assertThat(new ArrayList<>(headers.keySet())).containsExactlyElementsOf(tree.keySet());
        assertThat(headers.toString()).isEqualTo(tree.toString());
        assertThat(headers.get("x-two")).containsExactly("a", "b", "c");
        assertThat(headers.get("HOST")).containsExactly("example.test");
        assertThat(headers.containsKey("cookie")).isTrue();
        assertThat(headers.keySet().contains("ACCEPT")).isTrue();
        assertThat(headers.get("Missing")).isNull();
        assertThat(headers.get(42)).isNull();
        assertThat(headers.containsKey(null)).isFalse();
    }

    @Test
    void isUnmodifiable() {
        RequestHeaders headers = RequestHeaders.of(LINES);
        assertThatThrownBy(() -> headers.put("A", List.of("b"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.remove("Host")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.get("Host").add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.entrySet().iterator().next().setValue(List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
            var it = headers.keySet().iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noHeadersIsAnEmptyMap() {
        assertThat(RequestHeaders.of(List.of())).isEmpty();
        assertThat(RequestHeaders.of(List.of()).get("Host")).isNull();
    }
}
