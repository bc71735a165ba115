package org.vaedigits.trainer.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaedigits.modelfile.AtomicFiles;

/**
 * Everything needed to continue a run exactly where it stopped: settings, position (epoch and
 * batch), weights, Adam's moments, the per-update curves and the per-epoch test −ELBO. Stored
 * in a small binary file, written atomically.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x56414543; // "VAEC"
    private static final int VERSION = 1;

    public long seed;
    public int batchSize;
    public float learningRate;
    public String schedule;
    public int plannedEpochs;
    public int trainImages;
    /** Epochs fully done. */
    public int epochsDone;
    /** Batches done in the epoch after {@link #epochsDone} (0 at an epoch boundary). */
    public int batchesDone;
    public long updates;
    public double trainSeconds;
    public double wallSeconds;
    public Map<String, float[]> weights = new LinkedHashMap<>();
    public long adamSteps;
    public Map<String, float[]> adamMean = new LinkedHashMap<>();
    public Map<String, float[]> adamVariance = new LinkedHashMap<>();
    /** Per-update KL and BCE per image, length {@link #updates}. */
    public float[] kl = new float[0];
    public float[] bce = new float[0];
    /** Test −ELBO after each finished epoch. */
    public float[] testNegElbo = new float[0];

    /** Writes atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(seed);
            out.writeInt(batchSize);
            out.writeFloat(learningRate);
            out.writeUTF(schedule);
            out.writeInt(plannedEpochs);
            out.writeInt(trainImages);
            out.writeInt(epochsDone);
            out.writeInt(batchesDone);
            out.writeLong(updates);
            out.writeDouble(trainSeconds);
            out.writeDouble(wallSeconds);
            writeMap(out, weights);
            out.writeLong(adamSteps);
            writeMap(out, adamMean);
            writeMap(out, adamVariance);
            writeArray(out, kl);
            writeArray(out, bce);
            writeArray(out, testNegElbo);
            out.flush();
        });
    }

    /** Reads a checkpoint; the error names the file and the problem. */
    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no checkpoint to resume from");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a vae-digits checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": checkpoint version " + version + ", this trainer reads " + VERSION);
            }
            Checkpoint c = new Checkpoint();
            c.seed = in.readLong();
            c.batchSize = in.readInt();
            c.learningRate = in.readFloat();
            c.schedule = in.readUTF();
            c.plannedEpochs = in.readInt();
            c.trainImages = in.readInt();
            c.epochsDone = in.readInt();
            c.batchesDone = in.readInt();
            c.updates = in.readLong();
            c.trainSeconds = in.readDouble();
            c.wallSeconds = in.readDouble();
            c.weights = readMap(in);
            c.adamSteps = in.readLong();
            c.adamMean = readMap(in);
            c.adamVariance = readMap(in);
            c.kl = readArray(in);
            c.bce = readArray(in);
            c.testNegElbo = readArray(in);
            return c;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated checkpoint", e);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, float[]> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, float[]> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            writeArray(out, e.getValue());
        }
    }

    private static Map<String, float[]> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, float[]> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            map.put(key, readArray(in));
        }
        return map;
    }

    private static void writeArray(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000_000) {
            throw new IOException("corrupt checkpoint: array of " + n + " values");
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    /** The first {@code n} values of a curve. */
    static float[] prefix(float[] curve, long n) {
        return Arrays.copyOf(curve, (int) n);
    }
}
