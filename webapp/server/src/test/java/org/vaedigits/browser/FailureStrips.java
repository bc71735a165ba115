package org.vaedigits.browser;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * PNG strips of the worst tracings, for a person to look at: one row per sample, five panels
 * each: the MNIST digit (28×28), MNIST's own 14×14 input, the page's 14×14 input, and the
 * reconstructions of both. Ink is black on white; panels are 56 pixels square.
 */
final class FailureStrips {
    private static final int PANEL = 56;
    private static final int GAP = 4;

    private FailureStrips() {
    }

    /**
     * Writes {@code failures-MODE-SIZE.png} into {@code dir} for every mode and size, each with up
     * to {@code perStrip} samples whose label changed (lowest IoU first), else the lowest IoU.
     * Returns one line per file: its name and its rows (test digit index, true digit, label of
     * the reconstruction of MNIST's input → of the page's, IoU).
     */
    static List<String> write(Path dir, List<Fidelity.Judged> judged, int perStrip) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        FidelityTable table = new FidelityTable(judged);
        for (FidelityTable.Row row : table.rows) {
            List<Fidelity.Judged> worst = judged.stream()
                    .filter(j -> j.sample().mode() == row.mode() && j.sample().size() == row.size())
                    .sorted(Comparator.comparing((Fidelity.Judged j) -> j.labelKept()).thenComparingDouble(Fidelity.Judged::iou))
                    .limit(perStrip).toList();
            String name = String.format(Locale.ROOT, "failures-%s-%.0f.png", row.mode().label(), 100 * row.size());
            ImageIO.write(strip(worst), "png", dir.resolve(name).toFile());
            StringBuilder line = new StringBuilder(name + ":");
            for (Fidelity.Judged j : worst) {
                line.append(String.format(Locale.ROOT, " #%d (%d: %d->%d, IoU %.2f)", j.sample().digit().index(),
                        j.sample().digit().label(), j.mnistReconLabel(), j.pageReconLabel(), j.iou()));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static BufferedImage strip(List<Fidelity.Judged> rows) {
        int width = 5 * PANEL + 4 * GAP;
        int height = Math.max(1, rows.size() * (PANEL + GAP) - GAP);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xB0B0B0); // grey gutters
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            Fidelity.Judged j = rows.get(r);
            float[] digit = new float[MnistIdx.PIXELS];
            for (int i = 0; i < digit.length; i++) {
                digit[i] = (j.sample().digit().image()[i] & 0xFF) / 255f;
            }
            float[][] panels = {digit, j.mnistInput(), j.sample().shown().input(), j.mnistRecon(), j.pageRecon()};
            for (int p = 0; p < panels.length; p++) {
                panel(image, panels[p], p * (PANEL + GAP), r * (PANEL + GAP));
            }
        }
        return image;
    }

    /** Paints a square image of ink values 0..1 (side² of them) into a PANEL-square at (left, top). */
    private static void panel(BufferedImage image, float[] values, int left, int top) {
        int side = (int) Math.round(Math.sqrt(values.length));
        for (int y = 0; y < PANEL; y++) {
            for (int x = 0; x < PANEL; x++) {
                float v = values[(y * side / PANEL) * side + x * side / PANEL];
                int grey = 255 - Math.round(255 * Math.max(0, Math.min(1, v)));
                image.setRGB(left + x, top + y, grey << 16 | grey << 8 | grey);
            }
        }
    }
}
