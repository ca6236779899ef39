// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.interop.server;

/**
 * nginx in front of a node that will drain and the node its clients move to: all traffic goes to
 * {@code primary} while it answers; a 503 (a drain refusing a handshake, or a request for a
 * session it does not hold) or a refused connection sends the request to {@code standby}, as
 * docs/OPERATIONS.md describes for a rolling deploy.
 */
final class DrainNginxConfig {

    private DrainNginxConfig() {
    }

    static String http(int primary, int standby) {
        return """
                upstream sio_nodes {
                    server 127.0.0.1:%d max_fails=1 fail_timeout=30s;
                    server 127.0.0.1:%d backup;
                }
                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      close;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://sio_nodes;
                        proxy_next_upstream error timeout http_503 non_idempotent;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $host;
                        proxy_read_timeout 75s;
                    }
                }
                """.formatted(primary, standby);
    }
}
