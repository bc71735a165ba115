package org.vaedigits.trainer.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vaedigits.model.Binarizer;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.Prng;
import org.vaedigits.modelfile.AtomicFiles;
import org.vaedigits.trainer.data.Dataset;
import org.vaedigits.trainer.model.VaeBlock;
import org.vaedigits.trainer.model.VaeModel;

/**
 * The homework's four plots as PNG: binarized dataset images, KL and BCE per weight update
 * (XChart), test originals beside their reconstructions, and samples from the prior.
 */
public final class Reports {
    public static final String DATASET = "dataset.png";
    public static final String CURVES = "curves.png";
    public static final String RECONSTRUCTIONS = "reconstructions.png";
    public static final String SAMPLES = "samples.png";
    public static final String TEST_ELBO = "test-elbo.png";
    private static final int CELL = 6;      // screen pixels per 14×14 image pixel
    private static final int GAP = 4;
    private static final int TITLE = 44;

    private final VaeModel model;

    public Reports(VaeModel model) {
        this.model = model;
    }

    /** Writes the PNGs (the test −ELBO per epoch when the file has it) into {@code dir} and returns their paths. */
    public List<Path> writeAll(ModelFile file, Dataset train, Dataset test, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(write(dir.resolve(DATASET), dataset(train)));
        written.add(write(dir.resolve(CURVES), curves(file)));
        written.add(write(dir.resolve(RECONSTRUCTIONS), reconstructions(test)));
        written.add(write(dir.resolve(SAMPLES), samples(file.training == null ? 0 : file.training.seed)));
        if (file.curves != null && file.curves.testNegElboPerEpoch != null && file.curves.testNegElboPerEpoch.length > 0) {
            written.add(write(dir.resolve(TEST_ELBO), testElbo(file)));
        }
        return written;
    }

    /** The first 80 training images after 2×2 pooling and thresholding, 10 per row. */
    public BufferedImage dataset(Dataset train) {
        int n = Math.min(80, train.count);
        float[][] images = new float[n][];
        String[] captions = new String[n];
        for (int i = 0; i < n; i++) {
            images[i] = train.image(i);
            captions[i] = String.valueOf(train.labels[i]);
        }
        return grid("MNIST training images, binarized to 14×14 (first " + n + ", with labels)", images, captions, 10);
    }

    /**
     * KL and BCE per image against the number of weight updates, on a logarithmic update axis: it
     * shows the fast first hundreds of updates and the slow tail alike, with round tick values.
     */
    public BufferedImage curves(ModelFile file) {
        XYChart chart = new XYChartBuilder().width(1000).height(560)
                .title("Training loss terms per image (batch " + file.training.batchSize + ", " + file.training.epochs + " epochs)")
                .xAxisTitle("weight updates (log scale)").yAxisTitle("nats per image").build();
        double[] x = new double[file.curves.updates.length];
        double[] kl = new double[x.length];
        double[] bce = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = file.curves.updates[i];
            kl[i] = file.curves.kl[i];
            bce[i] = file.curves.bce[i];
        }
        XYSeries b = chart.addSeries("BCE (reconstruction)", x, bce);
        b.setMarker(SeriesMarkers.NONE);
        XYSeries k = chart.addSeries("KL(q(z|x) || N(0, I))", x, kl);
        k.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        return render(chart);
    }

    /** Test −ELBO per image after each epoch (the evaluation the trainer runs at every epoch's end). */
    public BufferedImage testElbo(ModelFile file) {
        float[] values = file.curves.testNegElboPerEpoch;
        double[] epochs = new double[values.length];
        double[] negElbo = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            epochs[i] = i + 1;
            negElbo[i] = values[i];
        }
        XYChart chart = new XYChartBuilder().width(1000).height(460)
                .title("Test −ELBO per image after each epoch (" + values.length + " epochs)")
                .xAxisTitle("epoch").yAxisTitle("nats per image").build();
        chart.addSeries("test −ELBO", epochs, negElbo).setMarker(values.length > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        // XChart ticks every epoch of equally spaced data (knowm/XChart#731) whatever the spacing
        // hint: upright, 50 epochs' labels ran together; turned, each stays readable
        chart.getStyler().setXAxisLabelRotation(90);
        return render(chart);
    }

    /** The line charts' shared look (white, grid, legend inside top right, readable fonts) as an image. */
    private static BufferedImage render(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Test images (left of each pair) beside the decoder's probabilities at z = mu (right). */
    public BufferedImage reconstructions(Dataset test) {
        int n = Math.min(20, test.count);
        float[] x = new float[n * Binarizer.PIXELS];
        System.arraycopy(test.pixels, 0, x, 0, x.length);
        float[] p;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray mu = model.encode(m.create(x, new Shape(n, Binarizer.PIXELS))).get(0);
            p = Activation.sigmoid(model.decodeLogits(mu)).toFloatArray();
        }
        float[][] images = new float[2 * n][];
        String[] captions = new String[2 * n];
        for (int i = 0; i < n; i++) {
            images[2 * i] = test.image(i);
            images[2 * i + 1] = java.util.Arrays.copyOfRange(p, i * Binarizer.PIXELS, (i + 1) * Binarizer.PIXELS);
            captions[2 * i] = "input";
            captions[2 * i + 1] = "recon.";
        }
        return grid("Test images (input) beside their reconstructions at z = mu (pixel probabilities)", images, captions, 10);
    }

    /** Decoder probabilities for 80 draws z ~ N(0, I). */
    public BufferedImage samples(long seed) {
        int n = 80;
        Prng prng = new Prng(seed + 2024);
        float[] z = new float[n * VaeBlock.LATENT];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) prng.nextGaussian();
        }
        float[] p;
        try (NDManager m = model.manager().newSubManager()) {
            p = Activation.sigmoid(model.decodeLogits(m.create(z, new Shape(n, VaeBlock.LATENT)))).toFloatArray();
        }
        float[][] images = new float[n][];
        for (int i = 0; i < n; i++) {
            images[i] = java.util.Arrays.copyOfRange(p, i * Binarizer.PIXELS, (i + 1) * Binarizer.PIXELS);
        }
        return grid("Samples from the prior: decoder probabilities for z ~ N(0, I)", images, null, 10);
    }

    /** A titled grid of 14×14 images (values 0..1, ink dark on white), optional captions. */
    static BufferedImage grid(String title, float[][] images, String[] captions, int columns) {
        int side = Binarizer.SIDE * CELL;
        int caption = captions == null ? 0 : 18;
        int rows = (images.length + columns - 1) / columns;
        int width = Math.max(columns * (side + GAP) + GAP, 700);
        int left = (width - (columns * (side + GAP) + GAP)) / 2;
        int height = TITLE + rows * (side + GAP + caption) + GAP;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, Math.max(4, (width - fm.stringWidth(title)) / 2), 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        for (int i = 0; i < images.length; i++) {
            int x0 = left + GAP + (i % columns) * (side + GAP);
            int y0 = TITLE + (i / columns) * (side + GAP + caption);
            for (int r = 0; r < Binarizer.SIDE; r++) {
                for (int c = 0; c < Binarizer.SIDE; c++) {
                    float v = Math.max(0f, Math.min(1f, images[i][r * Binarizer.SIDE + c]));
                    int shade = Math.round(255 * (1 - v));
                    g.setColor(new Color(shade, shade, shade));
                    g.fillRect(x0 + c * CELL, y0 + r * CELL, CELL, CELL);
                }
            }
            g.setColor(new Color(180, 180, 180));
            g.drawRect(x0 - 1, y0 - 1, side + 1, side + 1);
            if (captions != null) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(captions[i], x0 + (side - fm.stringWidth(captions[i])) / 2, y0 + side + 14);
            }
        }
        g.dispose();
        return img;
    }

    private static Path write(Path file, BufferedImage image) throws IOException {
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
        return file;
    }
}
