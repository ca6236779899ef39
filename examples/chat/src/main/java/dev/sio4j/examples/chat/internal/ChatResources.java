// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads what the chat serves over plain HTTP from its jar: the page (under {@code public/}) and
 * the official socket.io-client bundle (under {@code client-dist/}, copied there from npm by
 * the build), keyed by request path.
 *
 * <p>The bundle is served as the Node server serves it: {@code application/javascript} (maps:
 * {@code application/json}), ETag the client's version, {@code Cache-Control: public, max-age=0}.
 * The page's files are revalidated on every load ({@code no-cache}) with a content-hash ETag, and
 * the HTML carries a Content-Security-Policy that allows scripts from this origin only.
 *
 * <p>Stateless; {@link #load} returns an immutable map.
 */
public final class ChatResources {

    static final String BASE = "dev/sio4j/examples/chat/";

    /** Scripts and styles from this origin only, no inline code, no framing. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String[] CLIENT_FILES = {
        "socket.io.js", "socket.io.min.js", "socket.io.js.map", "socket.io.min.js.map",
    };

    private ChatResources() {
    }

    /**
     * Every served path to its resource; the client bundle under {@code clientPath} (the
     * Socket.IO path, e.g. {@code /socket.io/}).
     *
     * @throws IllegalStateException when a file is missing from the jar (a build without npm)
     */
    public static Map<String, StaticResource> load(ClassLoader loader, String clientPath) {
        Map<String, StaticResource> files = new HashMap<>();
        Map<String, String> pageHeaders = Map.of(
                "Content-Security-Policy", CSP,
                "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY");
        StaticResource index = StaticResource.hashed(require(loader, "public/index.html"), "text/html; charset=utf-8", "no-cache", pageHeaders);
        files.put("/", index);
        files.put("/index.html", index);
        files.put("/chat.js", StaticResource.hashed(require(loader, "public/chat.js"), "text/javascript; charset=utf-8", "no-cache", Map.of()));
        files.put("/chat.css", StaticResource.hashed(require(loader, "public/chat.css"), "text/css; charset=utf-8", "no-cache", Map.of()));
        files.put("/favicon.svg", StaticResource.hashed(require(loader, "public/favicon.svg"), "image/svg+xml", "no-cache", Map.of()));

        String version = clientVersion(require(loader, "client-dist/package.json"));
        for (String name : CLIENT_FILES) {
            String type = name.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8";
            files.put(clientPath + name, StaticResource.versioned(require(loader, "client-dist/" + name), type, version, "public, max-age=0"));
        }
        return Map.copyOf(files);
    }

    static String clientVersion(byte[] packageJson) {
        try {
            JsonNode version = new ObjectMapper().readTree(packageJson).path("version");
            if (!version.isTextual() || !version.asText().matches("[0-9A-Za-z.+-]{1,64}")) {
                throw new IllegalStateException("socket.io-client package.json has no usable version");
            }
            return version.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the socket.io-client version", e);
        }
    }

    private static byte[] require(ClassLoader loader, String name) {
        byte[] bytes = StaticResource.read(loader, BASE + name);
        if (bytes == null) {
            throw new IllegalStateException("missing resource " + BASE + name
                    + " (the jar is built by 'mvn package', which installs socket.io-client from npm)");
        }
        return bytes;
    }
}
