// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arguments of an event as listeners get them: the array's tail, as a read-only list. */
class EventArgsTest {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void theTailIsAReadOnlyListOfTheElementsAfterTheIndex() {
        ArrayNode packet = F.arrayNode().add("chat").add("hi").add(3);
        List<JsonNode> args = EventArgs.tail(packet, 1);

        assertThat(args).containsExactly(TextNode.valueOf("hi"), F.numberNode(3));
        assertThat(args).isEqualTo(List.of(TextNode.valueOf("hi"), F.numberNode(3)));
        assertThat(args.hashCode()).isEqualTo(List.of(TextNode.valueOf("hi"), F.numberNode(3)).hashCode());
        assertThat(args.subList(1, 2)).containsExactly(F.numberNode(3));
        assertThatThrownBy(() -> args.add(F.nullNode())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> args.set(0, F.nullNode())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> args.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> args.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> args.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(args.contains(null)).isFalse();
    }

    @Test
    void anEmptyOrMissingTailIsEmpty() {
        assertThat(EventArgs.tail(F.arrayNode().add("chat"), 1)).isEmpty();
        assertThat(EventArgs.tail(null, 0)).isEmpty();
        assertThat(EventArgs.first(EventArgs.tail(F.arrayNode().add("chat"), 1)).isMissingNode()).isTrue();
    }
}
