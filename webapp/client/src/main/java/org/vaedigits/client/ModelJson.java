package org.vaedigits.client;

import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Int32Array;
import org.vaedigits.model.ModelFile;
import org.vaedigits.model.PackedModel;

/**
 * Fills a {@link ModelFile} from the browser's {@code JSON.parse} result of a model's metadata
 * part, field by field as Jackson does on the JVM: absent fields keep their defaults, so
 * {@link ModelFile#validate()} judges both the same way. The layers and check vectors come from the
 * packed parts ({@link #unpack}), never from JSON; the training curves and most of the training
 * record are not read: the page does not show them.
 */
final class ModelJson {
    private ModelJson() {
    }

    static ModelFile read(JSObject json) {
        ModelFile file = new ModelFile();
        JSObject format = Js.get(json, "format");
        if (format != null) {
            file.format = new ModelFile.Format();
            file.format.name = Js.string(format, "name");
            file.format.version = integer(format, "version", 0);
        }
        JSObject arch = Js.get(json, "architecture");
        if (arch != null) {
            ModelFile.Architecture a = new ModelFile.Architecture();
            a.imageSide = integer(arch, "imageSide", a.imageSide);
            a.inputSize = integer(arch, "inputSize", a.inputSize);
            a.hiddenSize = integer(arch, "hiddenSize", a.hiddenSize);
            a.latentSize = integer(arch, "latentSize", a.latentSize);
            a.hiddenActivation = Js.text(arch, "hiddenActivation", a.hiddenActivation);
            a.outputActivation = Js.text(arch, "outputActivation", a.outputActivation);
            a.headCombine = Js.text(arch, "headCombine", a.headCombine);
            a.headLayout = Js.text(arch, "headLayout", a.headLayout);
            a.preprocessing = Js.text(arch, "preprocessing", a.preprocessing);
            file.architecture = a;
        }
        // of the training record and the metrics, only what the page shows (each field read adds code)
        JSObject training = Js.get(json, "training");
        if (training != null) {
            ModelFile.Training t = new ModelFile.Training();
            t.trainImages = integer(training, "trainImages", 0);
            t.epochs = integer(training, "epochs", 0);
            t.batchSize = integer(training, "batchSize", 0);
            t.wallTimeSeconds = Js.number(training, "wallTimeSeconds");
            t.finishedAt = Js.string(training, "finishedAt");
            file.training = t;
        }
        JSObject metrics = Js.get(json, "metrics");
        if (metrics != null) {
            ModelFile.Metrics m = new ModelFile.Metrics();
            m.negElbo = Js.number(metrics, "negElbo");
            m.kl = Js.number(metrics, "kl");
            m.bceAtMean = Js.number(metrics, "bceAtMean");
            m.iwLogPx = Js.number(metrics, "iwLogPx");
            m.iwK = integer(metrics, "iwK", 0);
            file.metrics = m;
        }
        JSObject map = Js.get(json, "latentMap");
        if (map != null) {
            ModelFile.LatentMap m = new ModelFile.LatentMap();
            m.x = floats(Js.get(map, "x"));
            m.y = floats(Js.get(map, "y"));
            m.axes = floats(Js.get(map, "axes"));
            float[] labels = floats(Js.get(map, "labels"));
            if (labels != null) {
                m.labels = new int[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    m.labels[i] = (int) labels[i];
                }
            }
            file.latentMap = m;
        }
        return file;
    }

    /**
     * A {@link PackedModel} part's words, for {@link PackedModel#unpack(int[], int, ModelFile)}:
     * an Int32Array view over the downloaded bytes copied into Java (no number parsing); null
     * when the bytes are no whole number of words.
     */
    static int[] words(ArrayBuffer bytes) {
        int length = bytes.getByteLength();
        return PackedModel.wholeWords(length) ? Js.ints(Int32Array.create(bytes, 0, length / 4)) : null;
    }

    /** A JSON number array as float[], or null when the field is not an array. */
    static float[] floats(JSObject json) {
        return Js.length(json) < 0 ? null : Js.floats(Js.floatsOrEmpty(json));
    }

    private static int integer(JSObject o, String key, int absent) {
        double v = Js.number(o, key);
        return v != v ? absent : (int) v;
    }
}
