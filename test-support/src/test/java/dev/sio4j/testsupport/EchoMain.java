// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.testsupport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child for {@link ChildProcessTest}: prints "ready", echoes each input line upper-cased (a line
 * "raw X" is printed as X, unchanged: JSON lines), exits 3 at the end of its input; with the argument "hold" it then waits until it is killed instead. It
 * also prints its default locale and time zone, so a test can see what reached the child JVM.
 */
public final class EchoMain {

    private EchoMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready " + String.join(",", args));
        System.err.println("on stderr");
        System.err.println("locale " + java.util.Locale.getDefault().toLanguageTag() + " zone " + java.util.TimeZone.getDefault().getID());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            System.out.println(line.startsWith("raw ") ? line.substring(4) : "echo " + line.toUpperCase(java.util.Locale.ROOT));
        }
        if (args.length > 0 && args[0].equals("hold")) {
            new java.util.concurrent.CountDownLatch(1).await();
        }
        System.exit(3);
    }
}
