package org.vaedigits.modelfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: what a write killed mid-way leaves is found again and removed, and failures name the file meant. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void theTemporaryFileOfAWriteKilledMidWayIsRemovedAndNothingElse() throws IOException {
        Path target = tmp.resolve("checkpoint.bin");
        List<Path> seenWhileWriting = new ArrayList<>();
        AtomicFiles.write(target, out -> {
            seenWhileWriting.addAll(list());
            out.write(1);
        });
        // the temporary file as it was while the write ran: a kill at that moment leaves it there
        assertThat(seenWhileWriting).hasSize(1);
        Path leftover = seenWhileWriting.get(0);
        Files.write(leftover, new byte[] {7});
        List<Path> others = List.of(tmp.resolve(".checkpoint.binx.tmp"), tmp.resolve(".checkpoint.bin.tmp"),
                tmp.resolve(".updates.csv123.tmp"), tmp.resolve("checkpoint.bin123.tmp"), tmp.resolve(".checkpoint.bin123.tmp.keep"));
        for (Path other : others) {
            Files.write(other, new byte[] {1});
        }
        Files.createDirectory(tmp.resolve(".checkpoint.bin456.tmp")); // a folder is not ours either

        assertThat(AtomicFiles.removeLeftovers(target)).containsExactly(leftover);
        assertThat(leftover).doesNotExist();
        assertThat(target).hasBinaryContent(new byte[] {1});
        assertThat(others).allMatch(Files::isRegularFile);
        assertThat(tmp.resolve(".checkpoint.bin456.tmp")).isDirectory();
        assertThat(AtomicFiles.removeLeftovers(tmp.resolve("absent/checkpoint.bin"))).isEmpty();
    }

    @Test
    void aFailedWriteNamesTheFileMeantAndLeavesNoTemporaryFile() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where a folder should be");
        Path target = blocker.resolve("vae.json");
        assertThatThrownBy(() -> AtomicFiles.write(target, new byte[] {1})).isInstanceOf(CannotWriteException.class)
                .hasMessage("cannot write " + target + ": " + blocker.toAbsolutePath() + " exists and is not a folder")
                .satisfies(e -> assertThat(((CannotWriteException) e).file()).isEqualTo(target));

        Path folder = Files.createDirectories(tmp.resolve("model.json/inside"));
        Path over = folder.getParent();
        assertThatThrownBy(() -> AtomicFiles.write(over, new byte[] {1})).isInstanceOf(CannotWriteException.class)
                .hasMessage("cannot write " + over + ": Is a directory");
        assertThatThrownBy(() -> AtomicFiles.write(tmp.resolve("x.bin"), out -> {
            throw new IOException("No space left on device");
        })).hasMessage("cannot write " + tmp.resolve("x.bin") + ": No space left on device");
        assertThat(list()).containsExactlyInAnyOrder(blocker, over);
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        }
    }
}
