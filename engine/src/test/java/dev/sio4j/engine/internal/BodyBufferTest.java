// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyBufferTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static HttpContent part(byte[] bytes) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(bytes));
    }

    private static HttpContent part(String text) {
        return part(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void joinsPartsUpToTheLimitInclusive() {
        BodyBuffer body = new BodyBuffer(6);
        HttpContent a = part("4ab");
        HttpContent b = part("cde");
        try {
            assertThat(body.add(ALLOC, a)).isTrue();
            assertThat(body.add(ALLOC, b)).isTrue();
            assertThat(body.takeText()).isEqualTo("4abcde");
        } finally {
            a.release();
            b.release();
        }
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void refusesThePartThatPassesTheLimitAndReleasesWhatItHeld() {
        BodyBuffer body = new BodyBuffer(4);
        HttpContent a = part("4ab");
        HttpContent b = part("cd");
        try {
            assertThat(body.add(ALLOC, a)).isTrue();
            assertThat(body.add(ALLOC, b)).isFalse();
            assertThat(b.refCnt()).as("a refused part is not retained").isEqualTo(1);
            body.release();
            body.release();
        } finally {
            a.release();
            b.release();
        }
        assertThat(a.refCnt()).isZero();
    }

    @Test
    void anEmptyBodyIsEmptyTextAndAnEmptyBuffer() {
        BodyBuffer body = new BodyBuffer(4);
        HttpContent empty = part(new byte[0]);
        assertThat(body.add(ALLOC, empty)).isTrue();
        empty.release();
        assertThat(body.takeText()).isEmpty();
        ByteBuf taken = body.take(ALLOC);
        try {
            assertThat(taken.readableBytes()).isZero();
        } finally {
            taken.release();
        }
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersAsInNode() {
        BodyBuffer body = new BodyBuffer(10);
        HttpContent bad = part(new byte[] {'4', (byte) 0xC3});
        try {
            assertThat(body.add(ALLOC, bad)).isTrue();
            assertThat(body.takeText()).isEqualTo("4\uFFFD");
        } finally {
            bad.release();
        }
    }

    @Test
    void takeHandsOverTheBytes() {
        BodyBuffer body = new BodyBuffer(10);
        HttpContent a = part("ab");
        try {
            body.add(ALLOC, a);
        } finally {
            a.release();
        }
        ByteBuf taken = body.take(ALLOC);
        try {
            assertThat(taken.toString(StandardCharsets.UTF_8)).isEqualTo("ab");
            body.release(); // nothing left to release: the caller owns the bytes now
            assertThat(taken.refCnt()).isEqualTo(1);
        } finally {
            taken.release();
        }
    }
}
