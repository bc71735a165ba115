package org.vaedigits.trainer;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the committed MNIST subset (first 1000 training and 500 test images, gzipped IDX). */
public final class TestData {
    private TestData() {
    }

    /** The folder holding the four .gz files. */
    public static Path subsetDir() {
        try {
            return Path.of(TestData.class.getResource("/mnist-subset/train-images-idx3-ubyte.gz").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
