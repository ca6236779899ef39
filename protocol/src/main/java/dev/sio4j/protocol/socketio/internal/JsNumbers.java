// SPDX-License-Identifier: Apache-2.0
package dev.sio4j.protocol.socketio.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes numbers the way JavaScript's {@code Number.prototype.toString} (and so
 * {@code JSON.stringify}) does: {@code 1} not {@code 1.0}, {@code 1.5}, {@code 1e+21},
 * {@code 1.5e-7}, {@code -0} as {@code 0}, NaN and infinities as {@code null}.
 *
 * <p>JavaScript prints the shortest decimal that reads back as the same double. Java 17's
 * {@code Double.toString} sometimes prints a digit more, so the shortest digits are found by
 * rounding the exact value to 1, 2, ... significant digits until one reads back. Integers that
 * Java holds exactly but a double cannot (long, BigInteger) are written exactly instead.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsNumbers {

    private static final double EXACT_INTEGER_LIMIT = 9007199254740992d; // 2^53

    private JsNumbers() {
    }

    /** Appends {@code d} as JSON.stringify would. */
    public static void appendDouble(StringBuilder out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < EXACT_INTEGER_LIMIT) {
            out.append((long) d); // also turns -0.0 into 0
        } else {
            BigDecimal exact = new BigDecimal(d);
            appendDecimal(out, shortest(exact, c -> c.doubleValue() == d));
        }
    }

    /** Appends {@code f} with the shortest digits that read back as the same float. */
    public static void appendFloat(StringBuilder out, float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            out.append("null");
        } else if (f == Math.rint(f) && Math.abs(f) < EXACT_INTEGER_LIMIT) {
            out.append((long) f);
        } else {
            BigDecimal exact = new BigDecimal(f);
            appendDecimal(out, shortest(exact, c -> c.floatValue() == f));
        }
    }

    /** Appends an integer exactly (JavaScript would round above 2^53; we keep every digit). */
    public static void appendInteger(StringBuilder out, BigInteger value) {
        out.append(value.toString());
    }

    /**
     * Appends a decimal exactly, in JavaScript's layout (plain between 1e-7 and 1e21, exponent
     * form outside). Integral values are written as integers, with every digit.
     */
    public static void appendBigDecimal(StringBuilder out, BigDecimal value) {
        if (value.signum() == 0) {
            out.append('0');
            return;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            out.append(stripped.toBigIntegerExact());
        } else {
            appendDecimal(out, stripped);
        }
    }

    private interface ReadsBack {
        boolean test(BigDecimal candidate);
    }

    private static BigDecimal shortest(BigDecimal exact, ReadsBack readsBack) {
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (readsBack.test(candidate)) {
                return candidate;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /** The layout of ECMAScript Number::toString, steps 6 to 10, for a non-zero value. */
    private static void appendDecimal(StringBuilder out, BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.signum() < 0) {
            out.append('-');
            v = v.negate();
        }
        String s = v.unscaledValue().toString(); // the significant digits
        int k = s.length();
        int n = k - v.scale(); // value = 0.s * 10^n
        if (k <= n && n <= 21) {
            out.append(s);
            out.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(s);
        } else {
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            int e = n - 1;
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
    }
}
