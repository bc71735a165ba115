package org.vaedigits.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.vaedigits.model.Binarizer;

/**
 * MNIST's four IDX files in one folder (raw or {@code .gz}) and loading a split as binarized
 * 14×14 images through the shared {@link Binarizer}.
 */
public final class Mnist {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four file names, as MNIST publishes them (without .gz). */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The training split or the test split. */
    public enum Split {
        TRAIN(TRAIN_IMAGES, TRAIN_LABELS), TEST(TEST_IMAGES, TEST_LABELS);

        final String images;
        final String labels;

        Split(String images, String labels) {
            this.images = images;
            this.labels = labels;
        }
    }

    private Mnist() {
    }

    /** The file {@code name} in {@code dir}, raw or with .gz; the error lists both names tried. */
    public static Path locate(Path dir, String name) throws NoSuchFileException {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new NoSuchFileException(raw.toString(), null,
                "MNIST file missing (also tried " + gz.getFileName() + "); run `trainer fetch-data --dir " + dir + "`");
    }

    /** True when all four files are present in {@code dir}. */
    public static boolean isComplete(Path dir) {
        for (String name : FILES) {
            if (!Files.isRegularFile(dir.resolve(name)) && !Files.isRegularFile(dir.resolve(name + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    /** Loads a split, checks images and labels agree in number, and binarizes every image. */
    public static Dataset load(Path dir, Split split) throws IOException {
        Path imagesFile = locate(dir, split.images);
        Path labelsFile = locate(dir, split.labels);
        IdxReader.Images images = IdxReader.readImages(imagesFile, Binarizer.SOURCE_SIDE, Binarizer.SOURCE_SIDE);
        IdxReader.Labels labels = IdxReader.readLabels(labelsFile);
        if (images.count() != labels.count()) {
            throw new IdxFormatException(imagesFile + " holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.count() + " labels; they must agree");
        }
        return Dataset.binarize(images, labels.labels(), "MNIST " + split.name().toLowerCase() + " set, " + dir);
    }
}
