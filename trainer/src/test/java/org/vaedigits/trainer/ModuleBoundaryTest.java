package org.vaedigits.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The trainer depends on the shared model library alone: the server, the browser client and their
 * libraries (Javalin, Jetty, TeaVM) are not on its class path, so its shaded jar cannot contain them.
 */
class ModuleBoundaryTest {
    @Test
    void theModelLibraryIsOnTheClassPath() throws ClassNotFoundException {
        assertThat(Class.forName("org.vaedigits.model.Vae")).isNotNull();
        assertThat(Class.forName("org.vaedigits.modelfile.ModelFiles")).isNotNull();
    }

    @Test
    void serverClientAndTheirLibrariesAreNot() {
        for (String name : new String[] {"org.vaedigits.server.WebServer", "org.vaedigits.client.Client",
                "io.javalin.Javalin", "org.eclipse.jetty.server.Server", "org.teavm.jso.JSObject"}) {
            assertThatThrownBy(() -> Class.forName(name)).as(name).isInstanceOf(ClassNotFoundException.class);
        }
    }
}
