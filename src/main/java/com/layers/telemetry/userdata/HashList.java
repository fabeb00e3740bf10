package com.layers.telemetry.userdata;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Users of one project as the first 128 bits of their hashes, sorted, each with a time: 16 bytes and a long per user,
 * found by binary search. Rebuilt whole when the project's list changes, which privacy requests make rare.
 */
final class HashList {
    static final HashList EMPTY = new HashList(new long[0], new long[0], new long[0]);

    private final long[] hi;
    private final long[] lo;
    private final long[] micros;

    private HashList(long[] hi, long[] lo, long[] micros) {
        this.hi = hi;
        this.lo = lo;
        this.micros = micros;
    }

    /** An entry: a user's hash and a time in microseconds since 1970. */
    record Entry(byte[] hash, long micros) {}

    static HashList of(List<Entry> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        long[][] rows = new long[entries.size()][];
        for (int i = 0; i < rows.length; i++) {
            ByteBuffer b = ByteBuffer.wrap(entries.get(i).hash());
            rows[i] = new long[] {b.getLong(), b.getLong(), entries.get(i).micros()};
        }
        Arrays.sort(rows, (a, c) -> a[0] != c[0] ? Long.compare(a[0], c[0]) : Long.compare(a[1], c[1]));
        long[] hi = new long[rows.length];
        long[] lo = new long[rows.length];
        long[] micros = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            hi[i] = rows[i][0];
            lo[i] = rows[i][1];
            micros[i] = rows[i][2];
        }
        return new HashList(hi, lo, micros);
    }

    boolean isEmpty() {
        return hi.length == 0;
    }

    /** The time stored with the user, or {@link Long#MIN_VALUE} when the user is not in the list. */
    long find(byte[] hash) {
        ByteBuffer b = ByteBuffer.wrap(hash);
        long h = b.getLong();
        long l = b.getLong();
        int from = 0;
        int to = hi.length - 1;
        while (from <= to) {
            int mid = (from + to) >>> 1;
            int c = hi[mid] != h ? Long.compare(hi[mid], h) : Long.compare(lo[mid], l);
            if (c < 0) {
                from = mid + 1;
            } else if (c > 0) {
                to = mid - 1;
            } else {
                return micros[mid];
            }
        }
        return Long.MIN_VALUE;
    }
}
