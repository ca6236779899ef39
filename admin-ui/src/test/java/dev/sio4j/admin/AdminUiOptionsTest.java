// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.admin;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminUiOptionsTest {

    @Test
    void authMustBeChosenExplicitly() {
        assertThatThrownBy(() -> AdminUiOptions.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AdminAuth.none()");
        AdminUiOptions o = AdminUiOptions.builder().auth(AdminAuth.none()).build();
        assertThat(o.namespaceName()).isEqualTo("/admin");
        assertThat(o.readonly()).isFalse();
        assertThat(o.mode()).isEqualTo(AdminUiOptions.Mode.DEVELOPMENT);
        assertThat(o.statsInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.serverId()).isNull();
    }

    @Test
    void badValuesAreRefusedWhenBuilt() {
        AdminUiOptions.Builder b = AdminUiOptions.builder().auth(AdminAuth.none());
        assertThatThrownBy(() -> b.namespaceName("/").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminUiOptions.builder().auth(AdminAuth.none()).statsInterval(Duration.ofMillis(5)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AdminUiOptions.builder().auth(AdminAuth.none()).namespaceName("ops").build().namespaceName()).isEqualTo("/ops");
    }

    @Test
    void basicAuthTakesOnlyBcryptHashesAndNeverShowsThem() {
        assertThatThrownBy(() -> AdminAuth.basic("admin", "changeit")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bcrypt");
        assertThatThrownBy(() -> AdminAuth.basic("", AdminUiProtocolTest.HASH_OF_CHANGEIT)).isInstanceOf(IllegalArgumentException.class);
        AdminAuth auth = AdminAuth.basic("admin", AdminUiProtocolTest.HASH_OF_CHANGEIT);
        assertThat(auth.toString()).doesNotContain("$2b$").contains("admin");
        assertThat(auth.verify("changeit")).isTrue();
        assertThat(auth.verify("changeiT")).isFalse();
        assertThat(auth.verify("x".repeat(5000))).isFalse();
        assertThat(auth.verify(null)).isFalse();
        assertThat(AdminAuth.none().verify("anything")).isFalse();
    }

    @Test
    void hashedPasswordsVerifyAndPhpStyleHashesWork() {
        String hash = AdminAuth.hashPassword("s3cret!".toCharArray());
        assertThat(hash).startsWith("$2b$10$");
        assertThat(AdminAuth.basic("admin", hash).verify("s3cret!")).isTrue();
        String y = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "pw".toCharArray());
        assertThat(AdminAuth.basic("admin", y).verify("pw")).isTrue();
        assertThatThrownBy(() -> AdminAuth.hashPassword(new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminAuth.hashPassword("é".repeat(40).toCharArray())).isInstanceOf(IllegalArgumentException.class);
    }
}
