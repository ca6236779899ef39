// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes every {@link ByteBuffer} (heap, direct, read-only, sliced) as binary: its remaining
 * bytes, without moving its position.
 *
 * <p>Jackson's own ByteBuffer serializer streams direct buffers through an InputStream, which the
 * token buffer behind {@code valueToTree} does not support; this one copies the bytes into an
 * array, so the tree gets a {@code BinaryNode} in every case.
 *
 * <p>Immutable and thread-safe.
 */
public final class BinaryModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public BinaryModule() {
        super("sio4j-binary");
        addSerializer(ByteBuffer.class, new ByteBufferAsBinary());
    }

    private static final class ByteBufferAsBinary extends StdSerializer<ByteBuffer> {
        private static final long serialVersionUID = 1L;

        ByteBufferAsBinary() {
            super(ByteBuffer.class);
        }

        @Override
        public void serialize(ByteBuffer value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            byte[] bytes = new byte[value.remaining()];
            value.duplicate().get(bytes);
            gen.writeBinary(bytes);
        }
    }
}
