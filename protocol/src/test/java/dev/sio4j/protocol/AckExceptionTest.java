// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AckExceptionTest {

    @Test
    void aTimeoutSaysSoAsSocketIoDoesAndKeepsAnImmutableCopyOfTheAnswers() {
        List<JsonNode> answers = new ArrayList<>(List.of(IntNode.valueOf(1)));
        AckException e = AckException.timeout(answers);
        answers.add(IntNode.valueOf(2));
        assertThat(e.reason()).isEqualTo(AckException.Reason.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("operation has timed out");
        assertThat(e.responses()).containsExactly(IntNode.valueOf(1));
        assertThatThrownBy(() -> e.responses().add(IntNode.valueOf(3))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.disconnectReason()).isNull();
        assertThat(e.getStackTrace()).as("an outcome, not a bug: no stack trace").isEmpty();
        assertThatThrownBy(() -> AckException.timeout(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aDisconnectCarriesTheReasonWhenKnown() {
        AckException e = AckException.disconnected("transport close");
        assertThat(e.reason()).isEqualTo(AckException.Reason.DISCONNECTED);
        assertThat(e.getMessage()).isEqualTo("socket has been disconnected (transport close)");
        assertThat(e.disconnectReason()).isEqualTo("transport close");
        assertThat(e.responses()).isEmpty();
        assertThat(AckException.disconnected(null).getMessage()).isEqualTo("socket has been disconnected");
    }
}
