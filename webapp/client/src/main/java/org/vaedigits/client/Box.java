package org.vaedigits.client;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** A DOMRect with its fractional coordinates, in CSS pixels. */
interface Box extends JSObject {
    @JSProperty
    double getLeft();

    @JSProperty
    double getTop();

    @JSProperty
    double getWidth();

    @JSProperty
    double getHeight();
}
