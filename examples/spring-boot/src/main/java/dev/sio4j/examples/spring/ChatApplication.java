// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A tiny chat on the sio4j Spring Boot starter: {@link ChatListener} is the whole Socket.IO side;
 * the server comes from the starter and {@code application.properties}.
 *
 * <p>Run: {@code mvn -pl examples/spring-boot -am install -DskipTests} then
 * {@code java -cp ... dev.sio4j.examples.spring.ChatApplication}, or from an IDE.
 */
@SpringBootApplication
public class ChatApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
