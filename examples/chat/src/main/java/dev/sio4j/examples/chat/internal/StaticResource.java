// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * One file served over HTTP, read once into memory with its headers decided up front: its bytes,
 * a gzip-compressed copy when that is smaller, content type, ETag and cache policy.
 *
 * <p>Immutable and thread-safe (the arrays are never handed out for writing).
 *
 * @param bytes        the body
 * @param gzipped      the body gzip-compressed, or null when compression does not pay
 * @param contentType  the {@code Content-Type} value
 * @param etag         the quoted strong ETag
 * @param cacheControl the {@code Cache-Control} value
 * @param headers      further response headers (security headers of the page)
 */
public record StaticResource(byte[] bytes, byte[] gzipped, String contentType, String etag,
                             String cacheControl, Map<String, String> headers) {

    /** Below this size gzip is not worth a second copy. */
    private static final int GZIP_THRESHOLD = 1024;

    public StaticResource {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(cacheControl, "cacheControl");
        headers = Map.copyOf(headers);
    }

    /** A resource whose ETag is a hash of its content. */
    public static StaticResource hashed(byte[] bytes, String contentType, String cacheControl, Map<String, String> headers) {
        return new StaticResource(bytes, gzip(bytes), contentType, "\"" + sha256Prefix(bytes) + "\"", cacheControl, headers);
    }

    /** A resource with a given ETag (quoted here), e.g. the client bundle's version. */
    public static StaticResource versioned(byte[] bytes, String contentType, String version, String cacheControl) {
        return new StaticResource(bytes, gzip(bytes), contentType, "\"" + version + "\"", cacheControl, Map.of());
    }

    /** Reads a class-path resource fully, or returns null when it is absent. */
    public static byte[] read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        if (bytes.length < GZIP_THRESHOLD) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        byte[] compressed = out.toByteArray();
        return compressed.length < bytes.length ? compressed : null;
    }

    private static String sha256Prefix(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
