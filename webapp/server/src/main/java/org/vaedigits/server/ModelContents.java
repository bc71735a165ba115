package org.vaedigits.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Model file bodies in memory, one per file version and part (the file itself, or a part derived
 * from it: {@link Key}), bounded in total weight ({@link Body#weight()}):
 * the least recently used versions go first, and versions no longer in the folder go at once.
 * A body is loaded once: concurrent first requests wait for the one load. Written by hand because
 * the JDK has no size-bounded cache and this one is a few lines of LinkedHashMap; thread-safe.
 */
final class ModelContents {
    /** Loads a body (reads the file). */
    @FunctionalInterface
    interface Loader {
        Body load() throws IOException;
    }

    /** A file version and which body of it: {@link #FILE} for the file's own bytes, else a derived part's name. */
    record Key(ModelCatalog.Version version, String part) {
    }

    /** The part name of a file's own bytes. */
    static final String FILE = "file";

    private final long capacity;
    private final LinkedHashMap<Key, CompletableFuture<Body>> bodies = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    ModelContents(long capacity) {
        this.capacity = capacity;
    }

    /** The body of that version's file itself. */
    Body get(ModelCatalog.Version version, Loader loader) throws IOException {
        return get(new Key(version, FILE), loader);
    }

    /** The body of that version and part: from memory, from a load under way, or loaded now by this caller. */
    Body get(Key version, Loader loader) throws IOException {
        CompletableFuture<Body> future;
        boolean mine = false;
        synchronized (this) {
            future = bodies.get(version);
            if (future == null) {
                future = new CompletableFuture<>();
                bodies.put(version, future);
                mine = true;
            }
        }
        if (mine) {
            load(version, future, loader);
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw e;
        }
    }

    /**
     * Keeps a body read anyway (when its file was validated) if it fits without pushing another
     * out: a first look at a folder of many files would otherwise churn through the budget.
     */
    synchronized void offer(Key version, Body body) {
        if (!bodies.containsKey(version) && weight + body.weight() <= capacity) {
            bodies.put(version, CompletableFuture.completedFuture(body));
            weight += body.weight();
        }
    }

    /** Drops every body of a version not in {@code live} (files that changed or went). */
    synchronized void retain(Set<ModelCatalog.Version> live) {
        Iterator<Map.Entry<Key, CompletableFuture<Body>>> it = bodies.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, CompletableFuture<Body>> e = it.next();
            if (!live.contains(e.getKey().version()) && e.getValue().isDone()) {
                weight -= weightOf(e.getValue());
                it.remove();
            }
        }
    }

    /** Total weight held now (for tests). */
    synchronized long weight() {
        return weight;
    }

    private void load(Key version, CompletableFuture<Body> future, Loader loader) {
        try {
            Body body = loader.load();
            synchronized (this) {
                if (body.weight() <= capacity && bodies.get(version) == future) {
                    weight += body.weight();
                    trim();
                } else {
                    bodies.remove(version, future);
                }
            }
            future.complete(body);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                bodies.remove(version, future);
            }
            future.completeExceptionally(e instanceof UncheckedIOException ? e.getCause() : e);
        }
    }

    /** Evicts least recently used loaded bodies until the total fits (loads under way stay). */
    private void trim() {
        Iterator<CompletableFuture<Body>> it = bodies.values().iterator();
        while (weight > capacity && it.hasNext()) {
            CompletableFuture<Body> f = it.next();
            if (f.isDone()) {
                weight -= weightOf(f);
                it.remove();
            }
        }
    }

    private static long weightOf(CompletableFuture<Body> f) {
        return f.isCompletedExceptionally() ? 0 : f.join().weight();
    }
}
