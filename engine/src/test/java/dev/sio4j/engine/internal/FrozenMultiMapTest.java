// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The array-backed query map reads as the unmodifiable linked map it replaced. */
class FrozenMultiMapTest {

    @Test
    @SuppressWarnings("unchecked")
    void readsAsALinkedMapInTheGivenOrder() {
        Map<String, List<String>> linked = new LinkedHashMap<>();
        linked.put("t", List.of("x1"));
        linked.put("EIO", List.of("4"));
        linked.put("multi", List.of("a", "b"));
        FrozenMultiMap map = FrozenMultiMap.own(new String[] {"t", "EIO", "multi"},
                new List[] {List.of("x1"), List.of("4"), List.of("a", "b")});
        assertThat(map).isEqualTo(linked).hasSameHashCodeAs(linked);
        assertThat(new ArrayList<>(map.keySet())).containsExactly("t", "EIO", "multi");
        assertThat(map.toString()).isEqualTo(linked.toString());
        assertThat(map.get("multi")).containsExactly("a", "b");
        assertThat(map.get("eio")).isNull(); // query keys are case-sensitive
        assertThat(map.get(null)).isNull();
        assertThat(map.containsKey(42)).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void isUnmodifiableAndRefusesBadInput() {
        FrozenMultiMap map = FrozenMultiMap.own(new String[] {"a"}, new List[] {List.of("1")});
        assertThatThrownBy(() -> map.put("b", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.remove("zzz")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> FrozenMultiMap.own(new String[] {"a"}, new List[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrozenMultiMap.own(new String[] {null}, new List[] {List.of()}))
                .isInstanceOf(NullPointerException.class);
        assertThat(FrozenMultiMap.own(new String[0], new List[0])).isEmpty();
    }

    @Test
    void sharedLowerCaseNamesNeedNoCopy() {
        assertThat(SharedNames.lower(new String("Sec-WebSocket-Key"))).isSameAs(SharedNames.lower("sec-websocket-key"));
        assertThat(SharedNames.lower("X-Custom-Thing")).isEqualTo("x-custom-thing");
    }

    @Test
    void commonSingleValuesShareOneList() {
        assertThat(SharedNames.listOf(new String("websocket"))).isSameAs(SharedNames.listOf("websocket"))
                .containsExactly("websocket");
        assertThat(SharedNames.listOf("rare-value")).containsExactly("rare-value");
        RequestHeaders headers = RequestHeaders.of(List.of(Map.entry("Upgrade", "websocket"),
                Map.entry("X-A", "1"), Map.entry("x-a", "2")));
        assertThat(headers.get("upgrade")).isSameAs(SharedNames.listOf("websocket"));
        assertThat(headers.get("X-A")).containsExactly("1", "2");
    }
}
