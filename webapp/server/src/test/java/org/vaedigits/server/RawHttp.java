package org.vaedigits.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Requests sent byte for byte over a socket, so no client normalizes them, and the answer split up. */
final class RawHttp {
    /** Status line, head (status line and headers) and body of one answer. */
    record Answer(String status, String head, String body) {
    }

    private RawHttp() {
    }

    /** Sends {@code request} as it is (with {@code Connection: close} added to its head) and reads the whole answer. */
    static Answer send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.replaceFirst("\r\n\r\n", "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return new Answer(response.substring(0, response.indexOf("\r\n")), response.substring(0, end), response.substring(end + 4));
        }
    }

    /** GET of a path with a Host header. */
    static Answer get(int port, String path) throws IOException {
        return send(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    /** Open file descriptors of this JVM (the server under test runs in it). */
    static int openDescriptors() {
        String[] fds = Paths.get("/proc/self/fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    /** True where /proc/self/fd exists (Linux). */
    static boolean canCountDescriptors() {
        return Path.of("/proc/self/fd").toFile().isDirectory();
    }
}
