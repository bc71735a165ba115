package org.vaedigits.browser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The drawing-fidelity figures per trace mode and size, from judged samples: mean input IoU,
 * label-kept rate, how bold (ink ratio) and how far off-centre the page's input is, the most
 * frequent label changes; the spread between sizes; and the sanity and cross-check lines. {@link #format()} prints them as a table.
 */
final class FidelityTable {
    /**
     * The figures of one mode at one size over {@code n} digits, and its most frequent label
     * changes ("a->b count": the reconstruction of MNIST's input labelled a, of the page's b).
     */
    record Row(InkTrace.Mode mode, double size, int n, double iou, double labelKept, double inkRatio, double centreShift,
               List<String> changes) {
    }

    /** Label changes listed per row. */
    static final int CHANGES = 4;

    final List<Row> rows = new ArrayList<>();
    /** Distinct digits judged. */
    final int digits;
    /** Of those, how many have a reconstruction of MNIST's own input that the classifier labels with the true digit. */
    final int mnistReconTrue;
    /** Largest |#recon − JVM reconstruction of the page's #input14| over all samples (8-bit canvas colours: ≈ 0.004). */
    final double shownReconError;

    FidelityTable(List<Fidelity.Judged> judged) {
        Map<Integer, Boolean> reconTrue = new HashMap<>();
        double error = 0;
        for (Fidelity.Judged j : judged) {
            reconTrue.put(j.sample().digit().index(), j.mnistReconLabel() == j.sample().digit().label());
            error = Math.max(error, j.shownReconError());
        }
        digits = reconTrue.size();
        mnistReconTrue = (int) reconTrue.values().stream().filter(b -> b).count();
        shownReconError = error;
        for (InkTrace.Mode mode : InkTrace.Mode.values()) {
            for (double size : sizes(judged)) {
                List<Fidelity.Judged> group = judged.stream()
                        .filter(j -> j.sample().mode() == mode && j.sample().size() == size).toList();
                if (!group.isEmpty()) {
                    rows.add(new Row(mode, size, group.size(), mean(group, Fidelity.Judged::iou),
                            mean(group, j -> j.labelKept() ? 1 : 0), mean(group, Fidelity.Judged::inkRatio),
                            mean(group, Fidelity.Judged::centreShift), changes(group)));
                }
            }
        }
    }

    /** The row of a mode and size. */
    Row row(InkTrace.Mode mode, double size) {
        return rows.stream().filter(r -> r.mode() == mode && r.size() == size).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no samples for " + mode.label() + " at " + size));
    }

    /** Largest minus smallest of a figure over the sizes of a mode (0 with one size). */
    double spread(InkTrace.Mode mode, ToDoubleFunction<Row> figure) {
        double[] values = rows.stream().filter(r -> r.mode() == mode).mapToDouble(figure).toArray();
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return values.length == 0 ? 0 : max - min;
    }

    /** The table (mode × size), the spread between sizes, the sanity line and the #recon cross-check. */
    String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-9s %5s %5s %10s %11s %10s %13s%n",
                "mode", "size", "n", "input IoU", "label kept", "ink ratio", "centre shift"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-9s %3.0f %% %5d %10.3f %11.3f %10.2f %10.2f px%n",
                    r.mode().label(), 100 * r.size(), r.n(), r.iou(), r.labelKept(), r.inkRatio(), r.centreShift()));
        }
        out.append("spread between sizes (max - min):");
        for (InkTrace.Mode mode : InkTrace.Mode.values()) {
            if (rows.stream().anyMatch(r -> r.mode() == mode)) {
                out.append(String.format(Locale.ROOT, "  %s: IoU %.3f, label kept %.3f;", mode.label(),
                        spread(mode, Row::iou), spread(mode, Row::labelKept)));
            }
        }
        out.append(String.format(Locale.ROOT, "%nmost frequent label changes (recon of MNIST's input -> of the page's, count):%n"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "  %-9s %3.0f %%: %s%n", r.mode().label(), 100 * r.size(),
                    r.changes().isEmpty() ? "none" : String.join(", ", r.changes())));
        }
        out.append(String.format(Locale.ROOT, "sanity: reconstructions of MNIST's own 14x14 input labelled with the true digit: %d / %d = %.3f%n",
                mnistReconTrue, digits, mnistReconTrue / (double) digits));
        out.append(String.format(Locale.ROOT, "cross-check: #recon vs the JVM's reconstruction of #input14, max |difference| %.4f over %d drawings%n",
                shownReconError, rows.stream().mapToInt(Row::n).sum()));
        return out.toString();
    }

    /** Column legend for a reader of {@link #format()}. */
    static String legend() {
        return "input IoU: page's #input14 vs MNIST's own 14x14 of the digit (Binarizer), on pixels; "
                + "label kept: the classifier gives the reconstructions of both inputs the same digit; "
                + "ink ratio: page's on pixels / MNIST's (1 = as bold as MNIST); "
                + "centre shift: distance of the two inputs' ink centroids, in 14x14 pixels.";
    }

    /** The {@link #CHANGES} most frequent label changes of a group, most frequent first (ties by label). */
    private static List<String> changes(List<Fidelity.Judged> group) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Fidelity.Judged j : group) {
            if (!j.labelKept()) {
                counts.merge(j.mnistReconLabel() + "->" + j.pageReconLabel(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(CHANGES).map(e -> e.getKey() + " " + e.getValue()).toList();
    }

    private static TreeSet<Double> sizes(List<Fidelity.Judged> judged) {
        TreeSet<Double> sizes = new TreeSet<>();
        judged.forEach(j -> sizes.add(j.sample().size()));
        return sizes;
    }

    private static double mean(List<Fidelity.Judged> group, ToDoubleFunction<Fidelity.Judged> figure) {
        return group.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }
}
