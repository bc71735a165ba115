package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaedigits.model.TestModels;
import org.vaedigits.modelfile.ModelFiles;

/** The answers Jetty writes itself: short plain text with the app's security headers, never its HTML page. */
class ErrorPagesTest {
    @TempDir
    Path models;

    private Javalin app;

    @BeforeEach
    void start() throws IOException {
        ModelFiles.write(TestModels.random(1), models.resolve("vae.json"), false);
        app = WebServer.create(models).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private static void assertPlain(RawHttp.Answer answer, String status, String body) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.head()).contains("Content-Type: text/plain; charset=utf-8")
                .contains("Content-Security-Policy: default-src 'self'").contains("X-Content-Type-Options: nosniff")
                .contains("Referrer-Policy: no-referrer").contains("Cross-Origin-Resource-Policy: same-origin")
                .doesNotContain("Server: Jetty");
        assertThat(answer.body()).isEqualTo(body);
    }

    @Test
    void badRequestsTooLongAddressesAndTooLargeHeaders() throws IOException {
        int port = app.port();
        assertPlain(RawHttp.send(port, "GARBAGE\r\n\r\n"), "HTTP/1.1 400 Bad Request", "Bad request");
        assertPlain(RawHttp.send(port, "GET / HTTP/1.1\r\n\r\n"), "HTTP/1.1 400 Bad Request", "Bad request"); // no Host
        assertPlain(RawHttp.get(port, "/" + "a".repeat(10_000)), "HTTP/1.1 414 URI Too Long",
                "Address too long: this link is longer than the server reads. Open / to start the app without it.");
        assertPlain(RawHttp.send(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"),
                "HTTP/1.1 431 Request Header Fields Too Large", "Request headers too large");
        assertPlain(RawHttp.send(port, "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"), "HTTP/1.1 505 HTTP Version Not Supported",
                "HTTP Version Not Supported");
        assertPlain(RawHttp.send(port, "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "HTTP/1.1 404 Not Found", "Not found");
    }

    @Test
    void pathsJettyRefusesAreTheUsual404() throws IOException {
        for (String path : new String[] {"/../pom.xml", "/%2e%2e/pom.xml", "/%zz", "/%00", "/a\\b"}) {
            assertPlain(RawHttp.get(app.port(), path), "HTTP/1.1 404 Not Found", "Not found");
        }
    }

    @Test
    void aFailureIs500WithoutDetails() throws Exception {
        // a Jetty server with a failing handler and the app's error handler: the 500 Jetty writes itself
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                throw new IllegalStateException("a deliberate failure, detail /etc/passwd");
            }
        });
        server.setErrorHandler(new PlainErrorHandler(new SecurityHeaders(true)));
        server.start();
        try {
            RawHttp.Answer answer = RawHttp.get(connector.getLocalPort(), "/anything");
            assertPlain(answer, "HTTP/1.1 500 Server Error", "Server error");
            HttpResponse<String> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/x")).method("DELETE", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(500);
            assertThat(head.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(head.body()).isEqualTo("Server error");
        } finally {
            server.stop();
        }
    }
}
