package org.vaedigits.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
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
        Files.write(raw, IdxReader.readBytes(gz, 1 << 24));
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
    void aHeaderAnnouncingMoreImagesThanMnistHasIsRefusedBeforeAnythingIsAllocated() throws IOException {
        // a gzip bomb: 3.8 million 28x28 images (3 GB) announced, a few KB on disk
        Path file = tmp.resolve("bomb-images.gz");
        writeGzip(file, header(IdxReader.IMAGES_MAGIC, 3_800_000, 28, 28), 4 << 20);
        assertThat(Files.size(file)).isLessThan(64 * 1024);
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("the header announces 3800000 images, more than the 60000 an MNIST file holds");
        Path labels = tmp.resolve("bomb-labels.gz");
        writeGzip(labels, labelsHeader(70_000), 1 << 20);
        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .hasMessageContaining("the header announces 70000 labels, more than the 60000");
    }

    @Test
    void aGzipStreamThatGoesOnAfterTheAnnouncedImagesIsStoppedAndReported() throws IOException {
        // 2 images announced, then 64 MB of zeros: reading stops 64 KB past the data
        Path file = tmp.resolve("long-images.gz");
        writeGzip(file, header(IdxReader.IMAGES_MAGIC, 2, 28, 28), 64 << 20);
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("more than 65536 unexpected bytes after the 2 images of 28x28 the header announces")
                .hasMessageContaining("stopped reading there");
        Path few = tmp.resolve("few-extra.gz");
        writeGzip(few, header(IdxReader.IMAGES_MAGIC, 2, 28, 28), 2 * 784 + 3);
        assertThatThrownBy(() -> IdxReader.readImages(few, 28, 28))
                .hasMessageContaining("3 unexpected bytes after the 2 images of 28x28");
    }

    @Test
    void aHugeSparseFileIsJudgedByItsSizeWithoutBeingRead() throws IOException {
        Path file = tmp.resolve("sparse-images");
        Files.write(file, header(IdxReader.IMAGES_MAGIC, 60_000, 28, 28));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(2L << 30); // 2 GB, no disk used
        }
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .hasMessageContaining(file.toString())
                .hasMessageContaining((2L << 30) - 16 - 60_000L * 784 + " unexpected bytes after the 60000 images of 28x28");
        // and a header announcing more than the file holds is reported from the size alone
        Path shortFile = tmp.resolve("short-sparse");
        Files.write(shortFile, header(IdxReader.IMAGES_MAGIC, 60_000, 28, 28));
        try (RandomAccessFile raf = new RandomAccessFile(shortFile.toFile(), "rw")) {
            raf.setLength(16 + 784L * 100);
        }
        assertThatThrownBy(() -> IdxReader.readImages(shortFile, 28, 28))
                .hasMessageContaining("truncated: the header announces 60000 images of 28x28 (47040000 data bytes) but only 78400 follow");
    }

    @Test
    void aGzipStreamShorterThanItsHeaderSaysIsTruncated() throws IOException {
        Path file = tmp.resolve("short-images.gz");
        writeGzip(file, header(IdxReader.IMAGES_MAGIC, 3, 28, 28), 784);
        assertThatThrownBy(() -> IdxReader.readImages(file, 28, 28))
                .hasMessageContaining("truncated: the header announces 3 images of 28x28 (2352 data bytes) but only 784 follow once decompressed");
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

    static byte[] header(int magic, int count, int rows, int cols) {
        return Arrays.copyOf(images(magic, count, rows, cols, 0), 16);
    }

    static byte[] labelsHeader(int count) {
        return labels(count, 0);
    }

    /** A gzip file of {@code header} followed by {@code zeros} zero bytes, written as a stream. */
    static void writeGzip(Path file, byte[] header, long zeros) throws IOException {
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write(header);
            byte[] block = new byte[1 << 16];
            for (long left = zeros; left > 0; left -= block.length) {
                gz.write(block, 0, (int) Math.min(block.length, left));
            }
        }
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
