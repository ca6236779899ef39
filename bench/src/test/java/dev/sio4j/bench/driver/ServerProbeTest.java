// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void cpuIsUserPlusSystemTicksAfterTheCommandName() {
        // a command name with spaces and parentheses, as /proc allows
        String stat = "4242 (my (odd) java) S 1 2 3 4 5 6 7 8 9 10 250 50 7 7 20 0 30 0 100 9000 300";

        assertThat(ServerProbe.cpuMicros(stat)).isEqualTo(3_000_000);
    }

    @Test
    void rssIsReadFromStatus() {
        assertThat(ServerProbe.rssKb("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 1 kB\n"))
                .isEqualTo(123_456);
        assertThat(ServerProbe.rssKb("Name:\tgone\n")).isEqualTo(-1);
    }

    @Test
    void theClassHistogramOfJcmdIsParsed() {
        String out = """
                4242:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         20000        1600000  [B (java.base@17.0.15)
                   2:         10000         240000  java.lang.String (java.base@17.0.15)
                   3:           100           4800  io.netty.channel.DefaultChannelHandlerContext
                Total         30100        1844800
                """;

        Map<String, long[]> classes = ServerProbe.parseHistogram(out);

        assertThat(classes.get("[B")).containsExactly(20_000, 1_600_000);
        assertThat(classes.get("io.netty.channel.DefaultChannelHandlerContext")).containsExactly(100, 4_800);
        assertThat(classes.get("Total")).containsExactly(30_100, 1_844_800);
    }

    @Test
    void withoutAPidNothingIsRead() {
        ServerProbe none = new ServerProbe(0);

        assertThat(none.present()).isFalse();
        assertThat(none.cpuMicros()).isEqualTo(-1);
        assertThat(none.rssKb()).isEqualTo(-1);
    }

    @Test
    void thisProcessCanBeRead() {
        ServerProbe self = new ServerProbe(ProcessHandle.current().pid());

        assertThat(self.rssKb()).isPositive();
        assertThat(self.cpuMicros()).isPositive();
    }
}
