// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The slowloris guard on an EmbeddedChannel, driven by its virtual clock. */
class RequestTimeoutHandlerTest {

    @Test
    void closesAnIncompleteRequest() {
        EmbeddedChannel ch = new EmbeddedChannel(new RequestTimeoutHandler(1000));
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        ch.readInbound();
        ch.advanceTimeBy(1001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aCompleteRequestWaitsForItsAnswerThenTheTimerRestarts() {
        EmbeddedChannel ch = new EmbeddedChannel(new RequestTimeoutHandler(1000));
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), LastHttpContent.EMPTY_LAST_CONTENT);
        ch.advanceTimeBy(5000, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue(); // a long-poll may wait
        ch.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        ch.advanceTimeBy(1001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse(); // idle keep-alive is bounded too
        ch.finishAndReleaseAll();
    }

    @Test
    void aRequestAnsweredBeforeItsBodyEndedLeavesTheIdleTimerRunning() {
        EmbeddedChannel ch = new EmbeddedChannel(new RequestTimeoutHandler(1000));
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"));
        ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST));
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT); // the refused POST's body, read and dropped
        ch.advanceTimeBy(1001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void a100ContinueIsNotTheAnswer() {
        EmbeddedChannel ch = new EmbeddedChannel(new RequestTimeoutHandler(1000));
        ch.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"));
        ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        ch.advanceTimeBy(5000, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue(); // the POST is being answered
        ch.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        ch.advanceTimeBy(1001, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
