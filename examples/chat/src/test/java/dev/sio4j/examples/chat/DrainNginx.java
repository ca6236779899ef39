// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

/**
 * The rolling-deploy nginx of docs/OPERATIONS.md on the test's ports: every request to the node
 * in service while it answers; a 503 (a drain refusing a handshake, or a request for a session
 * it does not hold) or a refused connection sends it to the next node.
 */
final class DrainNginx {

    private DrainNginx() {
    }

    static String http(int inService, int next) {
        return """
                upstream chat_nodes {
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
                        proxy_pass http://chat_nodes;
                        proxy_next_upstream error timeout http_503 non_idempotent;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_read_timeout 75s;
                    }
                }
                """.formatted(inService, next);
    }
}
