// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import dev.sio4j.engine.HttpFallback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The official admin UI's built files (the npm package {@code @socket.io/admin-ui}'s
 * {@code ui/dist}, copied into the jar by the build under {@code admin-ui/}), keyed by request
 * path under {@code /admin/}, and a fallback that sends {@code /admin} to {@code /admin/} (the
 * page's links are relative). The file names carry content hashes and change with the package's
 * version, so they are listed from the jar (or the classes folder) when loaded, never named here.
 *
 * <p>Stateless; {@link #load} returns an immutable map read once into memory.
 */
public final class AdminUiFiles {

    /** Where the UI is served. */
    public static final String PREFIX = "/admin/";

    static final String DIR = ChatResources.BASE + "admin-ui/";

    /**
     * The page may load the fonts and icons its index.html names from their CDNs, and Vuetify's
     * inline theme styles; scripts and connections stay on this origin.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com https://cdn.jsdelivr.net; "
            + "font-src 'self' data: https://fonts.gstatic.com https://cdn.jsdelivr.net; img-src 'self' data:; "
            + "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    private AdminUiFiles() {
    }

    /**
     * Every file of the UI by request path ({@code /admin/} is its index.html).
     *
     * @throws IllegalStateException when the UI is not in the jar (a build without npm)
     */
    public static Map<String, StaticResource> load(ClassLoader loader) {
        URL index = loader.getResource(DIR + "index.html");
        if (index == null) {
            throw new IllegalStateException("missing resource " + DIR + "index.html (the jar is built by 'mvn package', "
                    + "which installs @socket.io/admin-ui from npm)");
        }
        Map<String, StaticResource> files = new HashMap<>();
        for (String name : list(index)) {
            byte[] bytes = StaticResource.read(loader, DIR + name);
            if (bytes == null) {
                continue;
            }
            Map<String, String> headers = name.endsWith(".html")
                    ? Map.of("Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer", "X-Frame-Options", "DENY")
                    : Map.of();
            StaticResource file = StaticResource.hashed(bytes, contentType(name), "no-cache", headers);
            files.put(PREFIX + name, file);
            if (name.equals("index.html")) {
                files.put(PREFIX, file);
            }
        }
        return Map.copyOf(files);
    }

    /** {@code fallback} with {@code /admin} (no slash) redirected to {@code /admin/}. */
    public static HttpFallback withRedirect(HttpFallback fallback) {
        return (ctx, request) -> {
            String path = StaticFiles.pathOf(request);
            if (!path.equals("/admin")) {
                fallback.handle(ctx, request);
                return;
            }
            boolean keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(request);
            request.release();
            redirect(ctx, keepAlive);
        };
    }

    private static void redirect(ChannelHandlerContext ctx, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY, Unpooled.EMPTY_BUFFER);
        res.headers().set(HttpHeaderNames.LOCATION, PREFIX).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        io.netty.handler.codec.http.HttpUtil.setKeepAlive(res, keepAlive);
        ctx.writeAndFlush(res).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    /** The file names (relative to the UI folder) beside {@code index}, in a jar or a folder. */
    private static List<String> list(URL index) {
        List<String> names = new ArrayList<>();
        try {
            if (index.getProtocol().equals("jar")) {
                JarURLConnection conn = (JarURLConnection) index.openConnection();
                conn.setUseCaches(false);
                try (JarFile jar = conn.getJarFile()) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        if (!e.isDirectory() && e.getName().startsWith(DIR)) {
                            names.add(e.getName().substring(DIR.length()));
                        }
                    }
                }
            } else {
                Path root = Path.of(index.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile)
                            .forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the admin UI's files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the admin UI's files", e);
        }
        return names;
    }

    static String contentType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".html")) return "text/html; charset=utf-8";
        if (lower.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (lower.endsWith(".css")) return "text/css; charset=utf-8";
        if (lower.endsWith(".svg")) return "image/svg+xml";
        if (lower.endsWith(".png")) return "image/png";
        if (lower.endsWith(".ico")) return "image/x-icon";
        if (lower.endsWith(".json")) return "application/json; charset=utf-8";
        if (lower.endsWith("license")) return "text/plain; charset=utf-8";
        return "application/octet-stream";
    }
}
