// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio;

import dev.sio4j.protocol.socketio.internal.JsonTreeReader;

/**
 * The limits a {@link SocketDecoder} enforces on what a peer sends. Every limit breached throws
 * {@link SocketParseException} with its own reason.
 *
 * <p>Defaults:
 * <ul>
 *   <li>{@code maxAttachments} 10 (socket.io-parser 4.2.6's default).</li>
 *   <li>{@code maxNestingDepth} 64: Socket.IO payloads are shallow in practice, and 64 keeps any
 *       recursive code that later walks the tree (Jackson data binding, {@code toString},
 *       user code) far from a StackOverflowError even on small thread stacks.</li>
 *   <li>{@code maxNumberLength} 1000 characters (Jackson's default): a 1000-digit number
 *       converts cheaply; much longer ones make BigInteger/BigDecimal conversion expensive.</li>
 *   <li>{@code maxStringLength} 1,000,000 characters, for string values and object keys: the
 *       same as the transport's default {@code maxHttpBufferSize}; raise both together.</li>
 *   <li>{@code maxNamespaceLength} 256 characters; control characters are always refused.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; one value may serve every connection of a server.
 *
 * <pre>{@code
 * DecoderLimits limits = DecoderLimits.builder().maxAttachments(50).build();
 * SocketDecoder decoder = new SocketDecoder(limits);
 * }</pre>
 */
public final class DecoderLimits {

    private static final DecoderLimits DEFAULTS = builder().build();

    private final int maxAttachments;
    private final int maxNestingDepth;
    private final int maxNumberLength;
    private final int maxStringLength;
    private final int maxNamespaceLength;
    private final JsonTreeReader reader;

    private DecoderLimits(Builder b) {
        this.maxAttachments = b.maxAttachments;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxNumberLength = b.maxNumberLength;
        this.maxStringLength = b.maxStringLength;
        this.maxNamespaceLength = b.maxNamespaceLength;
        this.reader = new JsonTreeReader(maxNestingDepth, maxNumberLength, maxStringLength);
    }

    /** The default limits. */
    public static DecoderLimits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most binary attachments one packet may announce. */
    public int maxAttachments() {
        return maxAttachments;
    }

    /** The deepest nesting of JSON arrays and objects. */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** The longest JSON number, in characters. */
    public int maxNumberLength() {
        return maxNumberLength;
    }

    /** The longest JSON string value or object key, in characters. */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** The longest namespace, in characters, including the leading {@code /}. */
    public int maxNamespaceLength() {
        return maxNamespaceLength;
    }

    JsonTreeReader reader() {
        return reader;
    }

    @Override
    public String toString() {
        return "DecoderLimits[maxAttachments=" + maxAttachments + ", maxNestingDepth=" + maxNestingDepth
                + ", maxNumberLength=" + maxNumberLength + ", maxStringLength=" + maxStringLength
                + ", maxNamespaceLength=" + maxNamespaceLength + "]";
    }

    /** Builds {@link DecoderLimits}; not thread-safe, validated at {@link #build()}. */
    public static final class Builder {
        private int maxAttachments = 10;
        private int maxNestingDepth = 64;
        private int maxNumberLength = 1000;
        private int maxStringLength = 1_000_000;
        private int maxNamespaceLength = 256;

        private Builder() {
        }

        /** Default 10; 0 refuses every binary packet. */
        public Builder maxAttachments(int value) {
            this.maxAttachments = value;
            return this;
        }

        /** Default 64; at least 2 (an event array holding an object). */
        public Builder maxNestingDepth(int value) {
            this.maxNestingDepth = value;
            return this;
        }

        /** Default 1000. */
        public Builder maxNumberLength(int value) {
            this.maxNumberLength = value;
            return this;
        }

        /** Default 1,000,000. */
        public Builder maxStringLength(int value) {
            this.maxStringLength = value;
            return this;
        }

        /** Default 256; at least 1. */
        public Builder maxNamespaceLength(int value) {
            this.maxNamespaceLength = value;
            return this;
        }

        /** @throws IllegalArgumentException when a limit is out of range */
        public DecoderLimits build() {
            check(maxAttachments >= 0, "maxAttachments", maxAttachments);
            check(maxNestingDepth >= 2 && maxNestingDepth < Integer.MAX_VALUE, "maxNestingDepth", maxNestingDepth);
            check(maxNumberLength >= 1, "maxNumberLength", maxNumberLength);
            check(maxStringLength >= 1, "maxStringLength", maxStringLength);
            check(maxNamespaceLength >= 1, "maxNamespaceLength", maxNamespaceLength);
            return new DecoderLimits(this);
        }

        private static void check(boolean ok, String name, int value) {
            if (!ok) {
                throw new IllegalArgumentException(name + " out of range: " + value);
            }
        }
    }
}
