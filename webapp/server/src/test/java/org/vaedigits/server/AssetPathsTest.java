package org.vaedigits.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssetPathsTest {
    @Test
    void mapsPlainPathsToTheirClasspathFolders() {
        assertThat(AssetPaths.resource("/")).isEqualTo("static/index.html");
        assertThat(AssetPaths.resource("/index.html")).isEqualTo("static/index.html");
        assertThat(AssetPaths.resource("/css/site.css")).isEqualTo("static/css/site.css");
        assertThat(AssetPaths.resource("/client/client.wasm")).isEqualTo("client/client.wasm");
        assertThat(AssetPaths.resource("/client/a%2Db.js")).isEqualTo("client/a-b.js");
    }

    @Test
    void refusesEverythingElse() {
        String[] refused = {"", "index.html", "/client", "/client/", "/a//b", "/a/", "/..", "/../x", "/a/../b", "/%2e%2e/x",
            "/..%2fx", "/%252e%252e%252fx", "/a%2fb", "/a\\b", "/a%5cb", "/.git/config", "/a/.b", "/%zz", "/%2", "/a%00b",
            "/caf\u00e9.html", "/a b", "/a%20b"};
        for (String path : refused) {
            assertThat(AssetPaths.resource(path)).as(path).isNull();
        }
    }
}
