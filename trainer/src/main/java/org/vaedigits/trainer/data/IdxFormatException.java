package org.vaedigits.trainer.data;

import java.io.IOException;

/** An IDX file that is not what it should be; the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {
    public IdxFormatException(String message) {
        super(message);
    }
}
