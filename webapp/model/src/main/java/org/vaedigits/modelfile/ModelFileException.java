package org.vaedigits.modelfile;

import java.io.IOException;

/** A model file that cannot be read, parsed or accepted; the message says which file and why. */
public final class ModelFileException extends IOException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
