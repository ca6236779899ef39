// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean whose {@link OnEvent}, {@link OnConnect} and {@link OnDisconnect} methods handle
 * the sockets of one namespace. It is a {@link Component}, so component scanning finds it; a
 * {@code @Bean} of an annotated class works as well.
 *
 * <pre>{@code
 * @SocketIoListener
 * class ChatListener {
 *     @OnConnect
 *     void joined(Socket socket) { socket.join("lobby"); }
 *
 *     @OnEvent("chat")
 *     void chat(Socket socket, ChatMessage msg) { socket.to("lobby").emit("chat", msg); }
 *
 *     @OnEvent("echo")
 *     String echo(String text) { return text; }          // the return value answers the ack
 * }
 * }</pre>
 *
 * <p>The methods are checked when the application context starts: a method whose parameters do
 * not fit its annotation fails the start with a message naming it. Each connected socket gets
 * the event listeners before the {@code @OnConnect} methods run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketIoListener {

    /** The namespace; default the main one, {@code "/"}. */
    String namespace() default "/";

    /** The bean name, as {@link Component#value()}; default derived from the class name. */
    @AliasFor(annotation = Component.class, attribute = "value")
    String beanName() default "";
}
