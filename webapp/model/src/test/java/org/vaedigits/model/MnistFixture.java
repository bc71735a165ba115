package org.vaedigits.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The first 12 MNIST test digits (raw IDX bytes, committed under src/test/resources/mnist/). */
final class MnistFixture {
    static final int COUNT = 12;
    static final int SIDE = 28;

    private MnistFixture() {
    }

    /** (COUNT, 28·28) unsigned bytes, row-major. */
    static byte[][] images() throws IOException {
        try (DataInputStream in = open("/mnist/t10k-images-first12.idx3")) {
            expect(in.readInt(), 0x803, "magic");
            expect(in.readInt(), COUNT, "count");
            expect(in.readInt(), SIDE, "rows");
            expect(in.readInt(), SIDE, "columns");
            byte[][] images = new byte[COUNT][SIDE * SIDE];
            for (byte[] image : images) {
                in.readFully(image);
            }
            return images;
        }
    }

    /** {@link #images()} for callers that cannot throw. */
    static byte[][] imagesUnchecked() {
        try {
            return images();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digits' labels. */
    static int[] labels() throws IOException {
        try (DataInputStream in = open("/mnist/t10k-labels-first12.idx1")) {
            expect(in.readInt(), 0x801, "magic");
            expect(in.readInt(), COUNT, "count");
            int[] labels = new int[COUNT];
            for (int i = 0; i < COUNT; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    private static DataInputStream open(String resource) throws IOException {
        InputStream in = MnistFixture.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("test resource " + resource + " is missing");
        }
        return new DataInputStream(in);
    }

    private static void expect(int actual, int wanted, String what) throws IOException {
        if (actual != wanted) {
            throw new IOException("MNIST fixture: " + what + " is " + actual + ", expected " + wanted);
        }
    }
}
