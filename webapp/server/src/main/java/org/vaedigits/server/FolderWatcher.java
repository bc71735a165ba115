package org.vaedigits.server;

import java.io.IOException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at the models folder on a daemon thread when the WatchService reports a change, and at
 * least every {@link #PERIOD_MILLIS} (the WatchService misses changes on some file systems, and
 * changes made through a symbolic link); when the list changed, runs {@code onChange}.
 */
final class FolderWatcher {
    /** Longest time between two looks at the folder. */
    static final long PERIOD_MILLIS = 250;

    private final ModelCatalog catalog;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean running = true;

    FolderWatcher(ModelCatalog catalog, Runnable onChange) {
        this.catalog = catalog;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "models-watcher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        WatchService watch = watchService();
        try {
            while (running) {
                WatchKey key = watch == null ? null : watch.poll(PERIOD_MILLIS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                } else if (watch == null) {
                    Thread.sleep(PERIOD_MILLIS);
                }
                lookOnce();
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            close(watch);
        }
    }

    private void lookOnce() {
        try {
            if (catalog.refresh()) {
                onChange.run();
            }
        } catch (RuntimeException e) {
            // the next look tries again; the thread must outlive one bad look
        }
    }

    private WatchService watchService() {
        try {
            WatchService w = catalog.dir().getFileSystem().newWatchService();
            catalog.dir().register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            return w;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // the periodic look alone
        }
    }

    private static void close(WatchService w) {
        try {
            if (w != null) {
                w.close();
            }
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
