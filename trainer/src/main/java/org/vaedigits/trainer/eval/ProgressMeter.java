package org.vaedigits.trainer.eval;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How far a long computation is, on stderr: a progress bar (me.tongfei progressbar) when stderr
 * is a terminal, otherwise a few plain lines (at 25, 50, 75 and 100 %) so that a log file holds
 * no carriage-return frames. {@link #step} may be called from several threads.
 */
public abstract class ProgressMeter implements AutoCloseable {
    /** Shows nothing. */
    public static final ProgressMeter NONE = new ProgressMeter() {
        @Override
        public void step(long n) {
        }

        @Override
        public void close() {
        }
    };

    /** {@code n} more units are done. */
    public abstract void step(long n);

    @Override
    public abstract void close();

    /** A bar on a terminal, plain lines otherwise, for {@code total} units named {@code unit}. */
    public static ProgressMeter onStderr(String task, long total, String unit) {
        return stderrIsTerminal() ? bar(task, total, unit) : lines(System.err, task, total, unit, 4);
    }

    /** A progress bar on stderr, redrawn every 250 ms. */
    public static ProgressMeter bar(String task, long total, String unit) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(120)
                .continuousUpdate()
                .build();
        return new ProgressMeter() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /**
     * One line to {@code out} each time another 1/{@code lines} of {@code total} is done (and the
     * last one at the end), with the elapsed time and an estimate of the time left.
     */
    public static ProgressMeter lines(PrintStream out, String task, long total, String unit, int lines) {
        return new Lines(out, task, total, unit, Math.max(1, lines));
    }

    /**
     * Whether stderr is a terminal: on Linux, whether file descriptor 2 is a tty device; elsewhere,
     * whether {@link System#console()} exists (stdin and stdout are a terminal) and, from Java 22
     * on, {@code Console.isTerminal()} says so.
     */
    public static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            // fall back to the console
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;
        }
    }

    private static final class Lines extends ProgressMeter {
        private final PrintStream out;
        private final String task;
        private final long total;
        private final String unit;
        private final int lines;
        private final long started = System.nanoTime();
        private long done;
        private int printed;

        Lines(PrintStream out, String task, long total, String unit, int lines) {
            this.out = out;
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.lines = lines;
        }

        @Override
        public synchronized void step(long n) {
            done += n;
            // print line j (1..lines) once done reaches j/lines of the total
            while (printed < lines && done * lines >= (printed + 1) * total) {
                printed++;
                double seconds = (System.nanoTime() - started) / 1e9;
                if (done >= total) {
                    out.printf(Locale.ROOT, "%s: %,d/%,d %s in %.1f s%n", task, done, total, unit, seconds);
                } else {
                    out.printf(Locale.ROOT, "%s: %,d/%,d %s (%d%%), %.1f s, about %.0f s left%n", task, done, total, unit,
                            100 * done / total, seconds, seconds * (total - done) / done);
                }
            }
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
