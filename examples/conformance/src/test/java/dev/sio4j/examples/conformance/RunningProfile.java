// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.examples.conformance;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One conformance profile on 127.0.0.1 (any free port) for all the tests of a class: started
 * before the first, closed after the last. Register it in a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningProfile server = new RunningProfile(Profile.Name.PROTOCOL);
 * }</pre>
 *
 * <p>Written by JUnit's callbacks before and after the tests, read by the tests; the fields are
 * volatile so that a test on another thread sees the started profile.
 */
final class RunningProfile implements BeforeAllCallback, AfterAllCallback {

    private final Profile.Name name;
    private volatile Profile profile;
    private volatile InetSocketAddress address;
    private volatile RawHttp http;

    RunningProfile(Profile.Name name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        profile = name.create();
        address = profile.start("127.0.0.1", 0).get(10, TimeUnit.SECONDS);
        http = new RawHttp(address);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (profile != null) {
            profile.close();
        }
    }

    /** Where the profile listens. */
    InetSocketAddress address() {
        return started(address);
    }

    /** Plain HTTP against the profile. */
    RawHttp http() {
        return started(http);
    }

    private <T> T started(T value) {
        if (value == null) {
            throw new IllegalStateException("the " + name + " profile is not started: register this as a static extension");
        }
        return value;
    }
}
