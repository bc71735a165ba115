package org.vaedigits.trainer.train.listeners;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vaedigits.modelfile.AtomicFiles;
import org.vaedigits.modelfile.CannotWriteException;
import org.vaedigits.trainer.train.Curves;
import org.vaedigits.trainer.train.TrainingContext;
import org.vaedigits.trainer.train.TrainingListener;

/**
 * Writes {@value #FILE} in the run folder: update, epoch, KL and BCE per image of every weight
 * update. It starts by rewriting the rows the run's curves already hold (none, or those of the
 * checkpoint a run resumes from), so the file always matches the checkpoint; flushed every epoch.
 */
public final class UpdatesCsvWriter implements TrainingListener {
    public static final String FILE = "updates.csv";

    private Path csv;
    private BufferedWriter out;

    @Override
    public void onTrainingBegin(TrainingContext c) throws IOException {
        csv = c.runDir().resolve(FILE);
        rewrite(csv, c.curves(), c.batchesPerEpoch());
        write(() -> out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    @Override
    public void onTrainingBatch(TrainingContext c) throws IOException {
        write(() -> out.write(c.updates() + "," + (c.epoch() + 1) + "," + c.batchKl() + "," + c.batchBce() + "\n"));
    }

    @Override
    public void onEpoch(TrainingContext c) throws IOException {
        write(out::flush);
    }

    @Override
    public void onTrainingEnd(TrainingContext c) throws IOException {
        write(out::close);
    }

    /** One write to the file; a failure names it. */
    private void write(Write write) throws CannotWriteException {
        try {
            write.run();
        } catch (IOException e) {
            throw new CannotWriteException(csv, e);
        }
    }

    @FunctionalInterface
    private interface Write {
        void run() throws IOException;
    }

    private static void rewrite(Path csv, Curves curves, int batchesPerEpoch) throws IOException {
        AtomicFiles.write(csv, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            w.write("update,epoch,kl,bce\n");
            for (int i = 0; i < curves.size(); i++) {
                w.write((i + 1) + "," + (i / batchesPerEpoch + 1) + "," + curves.kl(i) + "," + curves.bce(i) + "\n");
            }
            w.flush();
        });
    }
}
