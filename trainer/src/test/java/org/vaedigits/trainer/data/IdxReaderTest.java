package org.vaedigits.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.trainer.TestData;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheCommittedSubset() throws IOException {
        Dataset train = Mnist.load(TestData.subsetDir(), Mnist.Split.TRAIN);
        Dataset test = Mnist.load(TestData.subsetDir(), Mnist.Split.TEST);
        assertThat(train.count).isEqualTo(1000);
        assertThat(test.count).isEqualTo(500);
        // the first MNIST training digits are 5, 0, 4, 1, 9; the first test digits 7, 2, 1, 0, 4
        assertThat(Arrays.copyOf(train.labels, 5)).containsExactly(5, 0, 4, 1, 9);
        assertThat(Arrays.copyOf(test.labels, 5)).containsExactly(7, 2, 1, 0, 4);
        assertThat(train.pixels).hasSize(1000 * 196);
        for (float v : train.pixels) {
            assertThat(v == 0f || v == 1f).isTrue();
        }
    }

    @Test
    void gzippedAndRawFilesReadTheSame() throws IOException {
        Path gz = TestData.subsetDir().resolve("t10k-images-idx3-ubyte.gz");
        Path raw = tmp.resolve("t10k-images-idx3-ubyte");
        Files.write(raw, IdxReader.readBytes(gz));
        IdxReader.Images a = IdxReader.readImages(gz, 28, 28);
        IdxReader.Images b = IdxReader.readImages(raw, 28, 28);
        assertThat(b.count()).isEqualTo(500);
        assertThat(b.pixels()).isEqualTo(a.pixels());
    }

    @Test
    void badMagicNamesTheFileAndBothNumbers() throws IOException {
        Path file = tmp.resolve("bad-images");
        Files.write(file, images(0x00000801, 2, 28, 28, 2 * 784));
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("bad magic number 0x00000801, expected 0x00000803");
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        Path file = tmp.resolve("short-images");
        Files.write(file, images(0x00000803, 3, 28, 28, 2 * 784 + 100));
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("3 images of 28x28 (2352 data bytes) but only 1668 follow");
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] gz = gzip(images(0x00000803, 3, 28, 28, 3 * 784));
        Path file = tmp.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("broken gzip data");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = tmp.resolve("tiny");
        Files.write(file, new byte[] {0, 0, 8, 1, 0});
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessageContaining("truncated: 5 bytes, shorter than the 8-byte IDX header of labels");
    }

    @Test
    void wrongImageSizeIsReported() throws IOException {
        Path file = tmp.resolve("small-images");
        Files.write(file, images(0x00000803, 2, 14, 14, 2 * 196));
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .hasMessageContaining("images are 14x14, expected 28x28");
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        Path file = tmp.resolve("long-labels");
        byte[] labels = labels(3, 5);
        Files.write(file, labels);
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessageContaining("2 unexpected bytes after the 3 labels");
    }

    @Test
    void labelsOutsideZeroToNineAreReported() throws IOException {
        Path file = tmp.resolve("labels");
        byte[] bytes = labels(3, 3);
        bytes[9] = 12;
        Files.write(file, bytes);
        assertThatThrownBy(() -> IdxReader.readLabels(file)).hasMessageContaining("label 1 is 12, expected a digit 0-9");
    }

    @Test
    void countsThatDisagreeBetweenImagesAndLabelsAreReported() throws IOException {
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), images(0x00000803, 4, 28, 28, 4 * 784));
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(3, 3)));
        assertThatThrownBy(() -> Mnist.load(tmp, Mnist.Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("holds 4 images but")
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz holds 3 labels; they must agree");
    }

    @Test
    void missingFilesNameBothNamesTried() {
        assertThatThrownBy(() -> Mnist.load(tmp, Mnist.Split.TRAIN))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("also tried train-images-idx3-ubyte.gz")
                .hasMessageContaining("fetch-data");
    }

    static byte[] images(int magic, int count, int rows, int cols, int dataBytes) {
        byte[] b = new byte[16 + dataBytes];
        putInt(b, 0, magic);
        putInt(b, 4, count);
        putInt(b, 8, rows);
        putInt(b, 12, cols);
        for (int i = 16; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    static byte[] labels(int count, int dataBytes) {
        byte[] b = new byte[8 + dataBytes];
        putInt(b, 0, IdxReader.LABELS_MAGIC);
        putInt(b, 4, count);
        for (int i = 8; i < b.length; i++) {
            b[i] = (byte) (i % 10);
        }
        return b;
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
