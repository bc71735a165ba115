package org.vaedigits.trainer.train;

import java.util.Arrays;
import java.util.Objects;

/** The run's KL and BCE per image of every applied weight update, in update order; grows as it trains. */
public final class Curves {
    private float[] kl;
    private float[] bce;
    private int size;

    /** Curves continuing the first {@code size} values of {@code kl} and {@code bce} (a checkpoint's). */
    Curves(float[] kl, float[] bce, long size) {
        this.kl = Arrays.copyOf(kl, Math.max(1024, (int) size * 2));
        this.bce = Arrays.copyOf(bce, Math.max(1024, (int) size * 2));
        this.size = (int) size;
    }

    void add(float k, float b) {
        if (size == kl.length) {
            kl = Arrays.copyOf(kl, size * 2);
            bce = Arrays.copyOf(bce, size * 2);
        }
        kl[size] = k;
        bce[size] = b;
        size++;
    }

    /** Updates recorded so far. */
    public int size() {
        return size;
    }

    /** KL per image of update {@code i} (0-based). */
    public float kl(int i) {
        return kl[Objects.checkIndex(i, size)];
    }

    /** BCE per image of update {@code i} (0-based). */
    public float bce(int i) {
        return bce[Objects.checkIndex(i, size)];
    }

    /** A copy of all KL values. */
    public float[] kl() {
        return Arrays.copyOf(kl, size);
    }

    /** A copy of all BCE values. */
    public float[] bce() {
        return Arrays.copyOf(bce, size);
    }
}
