package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.TestModels;
import org.vaedigits.modelfile.ModelFiles;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path models;

    @Test
    void defaultsAreLocalhost7070AndTheModelsFolder() {
        Main main = new Main();
        new CommandLine(main).parseArgs();
        assertThat(main.host).isEqualTo("127.0.0.1");
        assertThat(main.port).isEqualTo(7070);
        assertThat(main.models).isEqualTo(Paths.get("models"));
    }

    @Test
    void printsTheAddressAndServesOnLocalhost() throws Exception {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        Main main = new Main();
        String[] out = capture(() -> assertThat(new CommandLine(main).execute("--port", "0", "--models", models.toString())).isZero());
        try {
            assertThat(out[0]).contains("open http://127.0.0.1:" + main.app.port() + "/").contains("1 valid, default vae.json");
        } finally {
            main.app.stop();
        }
    }

    @Test
    void saysClearlyWhenThePortIsInUse() throws Exception {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String[] out = capture(() -> assertThat(new CommandLine(new Main())
                    .execute("--port", String.valueOf(taken.getLocalPort()), "--models", models.toString()))
                    .isEqualTo(Main.PORT_IN_USE));
            assertThat(out[1]).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void saysClearlyWhenTheModelsFolderIsMissingOrHasNoValidModel() throws Exception {
        String[] missing = capture(() -> assertThat(new CommandLine(new Main())
                .execute("--port", "0", "--models", models.resolve("nope").toString())).isEqualTo(Main.NO_MODELS_FOLDER));
        assertThat(missing[1]).contains("models folder").contains("does not exist");

        java.nio.file.Files.writeString(models.resolve("old.json"), "{\"format\":{\"name\":\"vae-digits-model\",\"version\":0}}");
        Main main = new Main();
        String[] empty = capture(() -> assertThat(new CommandLine(main).execute("--port", "0", "--models", models.toString())).isZero());
        main.app.stop();
        assertThat(empty[1]).contains("skipping old.json: invalid model file: format.version is 0")
                .contains("no valid model file in");
    }

    /** Runs with System.out and System.err captured: {out, err}. */
    private static String[] capture(Runnable run) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }
}
