// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.sio4j.protocol.PayloadMapper;
import dev.sio4j.server.Ack;
import dev.sio4j.server.DisconnectReason;
import dev.sio4j.server.Socket;
import dev.sio4j.spring.OnConnect;
import dev.sio4j.spring.OnDisconnect;
import dev.sio4j.spring.OnEvent;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The {@code @OnEvent}, {@code @OnConnect} and {@code @OnDisconnect} methods of one
 * {@code @SocketIoListener} bean, checked once at start ({@link #inspect}) and attached to each
 * socket that connects ({@link #attach}). A method that does not fit its annotation is refused
 * here with an {@link IllegalStateException} that names it, so the application fails to start
 * instead of a listener failing for every client later.
 *
 * <p>Immutable after {@link #inspect}; thread-safe.
 */
public final class ListenerMethods {

    /** socket.io's RESERVED_EVENTS: a client cannot send them as events. */
    private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    private final List<EventMethod> events;
    private final List<Invoker> connects;
    private final List<Invoker> disconnects;

    private ListenerMethods(List<EventMethod> events, List<Invoker> connects, List<Invoker> disconnects) {
        this.events = List.copyOf(events);
        this.connects = List.copyOf(connects);
        this.disconnects = List.copyOf(disconnects);
    }

    /**
     * Finds and checks the annotated methods of {@code bean} (a proxy's target class is searched;
     * methods are called through the proxy).
     *
     * @throws IllegalStateException naming the first method that does not fit, or when the
     *         bean has no annotated method at all
     */
    public static ListenerMethods inspect(Object bean, String beanName, PayloadMapper mapper) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<Method, Boolean> found = MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<Boolean>) m ->
                AnnotatedElementUtils.hasAnnotation(m, OnEvent.class) || AnnotatedElementUtils.hasAnnotation(m, OnConnect.class)
                        || AnnotatedElementUtils.hasAnnotation(m, OnDisconnect.class) ? Boolean.TRUE : null);
        if (found.isEmpty()) {
            throw new IllegalStateException("@SocketIoListener bean '" + beanName + "' (" + type.getName()
                    + ") has no @OnEvent, @OnConnect or @OnDisconnect method");
        }
        List<Method> methods = new ArrayList<>(found.keySet());
        // Registration order follows the source's names, not reflection's unspecified order.
        methods.sort((a, b) -> describe(a).compareTo(describe(b)));
        List<EventMethod> events = new ArrayList<>();
        List<Invoker> connects = new ArrayList<>();
        List<Invoker> disconnects = new ArrayList<>();
        for (Method m : methods) {
            OnEvent onEvent = AnnotatedElementUtils.findMergedAnnotation(m, OnEvent.class);
            boolean onConnect = AnnotatedElementUtils.hasAnnotation(m, OnConnect.class);
            boolean onDisconnect = AnnotatedElementUtils.hasAnnotation(m, OnDisconnect.class);
            if ((onEvent != null ? 1 : 0) + (onConnect ? 1 : 0) + (onDisconnect ? 1 : 0) > 1) {
                throw bad(m, "has more than one of @OnEvent, @OnConnect and @OnDisconnect");
            }
            if (Modifier.isStatic(m.getModifiers())) {
                throw bad(m, "is static; listener methods are called on the bean");
            }
            Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
            invocable.trySetAccessible();
            if (onEvent != null) {
                events.add(eventMethod(onEvent.value(), m, new Invoker(bean, invocable, m), mapper));
            } else if (onConnect) {
                connects.add(connectMethod(m, new Invoker(bean, invocable, m)));
            } else {
                disconnects.add(disconnectMethod(m, new Invoker(bean, invocable, m)));
            }
        }
        return new ListenerMethods(events, connects, disconnects);
    }

    /** Adds the event and disconnect listeners to {@code socket}, then runs the connect methods. */
    public void attach(Socket socket) {
        for (EventMethod e : events) {
            socket.onArgs(e.event(), (args, ack) -> e.call(socket, args, ack));
        }
        for (Invoker d : disconnects) {
            socket.onDisconnect(reason -> d.call(socket, null, reason));
        }
        for (Invoker c : connects) {
            c.call(socket, null, null);
        }
    }

    private static EventMethod eventMethod(String event, Method m, Invoker invoker, PayloadMapper mapper) {
        if (event == null || event.isEmpty()) {
            throw bad(m, "has an empty event name");
        }
        if (RESERVED.contains(event)) {
            throw bad(m, "listens to \"" + event + "\", which socket.io reserves"
                    + ("disconnect".equals(event) ? "; use @OnDisconnect" : "connect".equals(event) ? "; use @OnConnect" : ""));
        }
        Class<?>[] params = m.getParameterTypes();
        EventMethod.Param[] kinds = new EventMethod.Param[params.length];
        JavaType[] types = new JavaType[params.length];
        int sockets = 0;
        int acks = 0;
        for (int i = 0; i < params.length; i++) {
            if (params[i] == Socket.class) {
                kinds[i] = EventMethod.Param.SOCKET;
                sockets++;
            } else if (params[i] == Ack.class) {
                kinds[i] = EventMethod.Param.ACK;
                acks++;
            } else if (params[i] == DisconnectReason.class) {
                throw bad(m, "takes a DisconnectReason, which only @OnDisconnect methods get");
            } else if (Socket.class.isAssignableFrom(params[i]) || Ack.class.isAssignableFrom(params[i])) {
                throw bad(m, "takes " + params[i].getName() + "; declare Socket or Ack itself");
            } else {
                kinds[i] = EventMethod.Param.PAYLOAD;
                types[i] = mapper.objectMapper().getTypeFactory().constructType(m.getGenericParameterTypes()[i]);
            }
        }
        if (sockets > 1 || acks > 1) {
            throw bad(m, "takes more than one " + (sockets > 1 ? "Socket" : "Ack"));
        }
        boolean returns = m.getReturnType() != void.class && m.getReturnType() != Void.class;
        if (returns && acks == 1) {
            throw bad(m, "both takes an Ack and returns a value; answer the ack one way: return the value, or call ack.send");
        }
        return new EventMethod(event, invoker, kinds, types, returns, CompletionStage.class.isAssignableFrom(m.getReturnType()), mapper);
    }

    private static Invoker connectMethod(Method m, Invoker invoker) {
        mustReturnVoid(m, "@OnConnect");
        Class<?>[] params = m.getParameterTypes();
        if (params.length > 1 || (params.length == 1 && params[0] != Socket.class)) {
            throw bad(m, "must take no parameter or one Socket");
        }
        return invoker;
    }

    private static Invoker disconnectMethod(Method m, Invoker invoker) {
        mustReturnVoid(m, "@OnDisconnect");
        List<Class<?>> params = Arrays.asList(m.getParameterTypes());
        boolean fits = params.stream().allMatch(p -> p == Socket.class || p == DisconnectReason.class)
                && params.stream().distinct().count() == params.size();
        if (!fits) {
            throw bad(m, "must take a Socket, a DisconnectReason, both or neither");
        }
        return invoker;
    }

    private static void mustReturnVoid(Method m, String annotation) {
        if (m.getReturnType() != void.class) {
            throw bad(m, "returns " + m.getReturnType().getSimpleName() + "; " + annotation + " methods return void");
        }
    }

    private static IllegalStateException bad(Method m, String why) {
        return new IllegalStateException("sio4j listener method " + describe(m) + " " + why);
    }

    static String describe(Method m) {
        return m.getDeclaringClass().getName() + "." + m.getName() + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    /** For {@link Invoker}: fills Socket and DisconnectReason parameters by type. */
    static Object[] socketAndReason(Method m, Socket socket, DisconnectReason reason) {
        Class<?>[] params = m.getParameterTypes();
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            values[i] = params[i] == Socket.class ? socket : reason;
        }
        return values;
    }

    /** The event names, for tests and the log. */
    List<String> eventNames() {
        return events.stream().map(EventMethod::event).toList();
    }
}
