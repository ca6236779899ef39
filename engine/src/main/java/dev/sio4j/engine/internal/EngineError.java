// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.engine.internal;

/**
 * The Engine.IO handshake/request error codes (engine.io {@code Server.errors}) and the HTTP
 * answer each one gets. Immutable and thread-safe (an enum).
 */
enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    FORBIDDEN(4, "Forbidden"),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

    private final int code;
    private final String message;

    EngineError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    int code() {
        return code;
    }

    String message() {
        return message;
    }

    /** 403 for FORBIDDEN, 400 for everything else, as engine.io answers polling requests. */
    int httpStatus() {
        return this == FORBIDDEN ? 403 : 400;
    }

    /**
     * The JSON body {@code {"code":N,"message":"..."}} ({@code custom} replaces the message when
     * non-empty), with {@code ,"id":"..."} after engine.io's two fields when {@code id} is not null:
     * the refusal's id, so that a client's report can be matched with the server's log line.
     */
    String json(String custom, String id) {
        String text = custom == null || custom.isEmpty() ? message : custom;
        return "{\"code\":" + code + ",\"message\":" + jsonString(text)
                + (id == null ? "" : ",\"id\":" + jsonString(id)) + "}";
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
