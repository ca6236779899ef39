// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad {@code sio4j.*} value fails the start with the property's name. */
class BadPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SocketIoAutoConfiguration.class))
            .withPropertyValues("sio4j.host=127.0.0.1");

    private void refused(String property, String value, String reason) {
        runner.withPropertyValues("sio4j.port=0", property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            Throwable t = context.getStartupFailure();
            while (t != null && !(t instanceof InvalidConfigurationPropertyValueException)) {
                t = t.getCause();
            }
            assertThat(t).as("an InvalidConfigurationPropertyValueException in %s", context.getStartupFailure()).isNotNull();
            InvalidConfigurationPropertyValueException e = (InvalidConfigurationPropertyValueException) t;
            assertThat(e.getName()).isEqualTo(property);
            assertThat(e.getReason()).contains(reason);
        });
    }

    @Test
    void portOutOfRange() {
        runner.withPropertyValues("sio4j.port=70000").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("sio4j.port"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "sio4j.port                          | -1                   | 0 to 65535",
            "sio4j.ping-interval                 | 0s                   | positive",
            "sio4j.ping-timeout                  | -5s                  | positive",
            "sio4j.connect-timeout               | 0ms                  | positive",
            "sio4j.shutdown-timeout              | -1s                  | positive",
            "sio4j.max-http-buffer-size          | 0B                   | 1 byte to 2 GB",
            "sio4j.max-http-buffer-size          | 3GB                  | 1 byte to 2 GB",
            "sio4j.max-namespaces-per-client     | 0                    | >= 1",
            "sio4j.limits.max-connections-per-ip | -3                   | ''",
            "sio4j.limits.events-per-second      | 0                    | ''",
            "sio4j.path                          | /a b/                | URL path",
            "sio4j.cors.credentials              | true                 | needs sio4j.cors.allowed-origins",
            "sio4j.cors.allowed-origins          | '*,https://a.example' | * stands alone",
            "sio4j.trusted-proxies               | not-a-cidr           | ''",
    })
    void aBadValueIsNamed(String property, String value, String reason) {
        refused(property, value, reason);
    }

    @Test
    void aValueOfTheWrongTypeIsSpringsBindingError() {
        runner.withPropertyValues("sio4j.port=0", "sio4j.ping-interval=soon").run(context -> assertThat(context).hasFailed()
                .getFailure().hasMessageContaining("sio4j"));
    }
}
