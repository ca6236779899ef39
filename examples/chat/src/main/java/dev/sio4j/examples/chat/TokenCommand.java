// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.chat;

import dev.sio4j.examples.chat.internal.DevTokens;
import dev.sio4j.examples.chat.internal.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code java -jar sio4j-chat.jar token --secret S --name alice [--subject ID] [--ttl 1h]
 * [--issuer I] [--audience A]} ({@code --secret} defaults to {@link ChatMain#SECRET_ENV}): prints
 * an HS256 token for a chat started with
 * {@code --jwt-secret S} (and the same {@code --jwt-issuer}/{@code --jwt-audience}), to paste
 * into the page or pass to the chat-cli's {@code --token}. For development: anyone with the
 * secret can sign in as anyone.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a development token (HS256) for a chat started with --jwt-secret.")
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "${env:" + ChatMain.SECRET_ENV + "}",
            description = "The chat's --jwt-secret (at least 32 bytes). Default: the " + ChatMain.SECRET_ENV
                    + " environment variable.")
    String secret;

    @Option(names = "--name", paramLabel = "NAME", required = true,
            description = "The name the chat shows (the name claim).")
    String name;

    @Option(names = "--subject", paramLabel = "ID",
            description = "The user's id (the sub claim; connections per user are counted by it). Default: the name.")
    String subject;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
            description = "How long the token is valid, e.g. 30m, 8h, 7d (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--issuer", paramLabel = "ISS", description = "The iss claim, for a chat with --jwt-issuer.")
    String issuer;

    @Option(names = "--audience", paramLabel = "AUD", description = "The aud claim, for a chat with --jwt-audience.")
    String audience;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String token;
        try {
            if (secret == null) {
                throw new IllegalArgumentException("--secret is required (or the " + ChatMain.SECRET_ENV
                        + " environment variable)");
            }
            Duration validity = Durations.parse(ttl);
            if (name.isBlank()) {
                throw new IllegalArgumentException("the name must not be empty");
            }
            token = DevTokens.sign(secret, subject == null ? name : subject, name, Instant.now(), validity,
                    issuer, audience);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(token);
        out.flush();
        return 0;
    }
}
