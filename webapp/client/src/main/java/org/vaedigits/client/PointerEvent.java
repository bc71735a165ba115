package org.vaedigits.client;

import org.teavm.jso.JSProperty;
import org.teavm.jso.dom.events.Event;

/** The parts of a DOM PointerEvent the drawing pad reads (mouse, pen and touch alike). */
interface PointerEvent extends Event {
    @JSProperty
    double getClientX();

    @JSProperty
    double getClientY();

    @JSProperty
    int getPointerId();

    /** "mouse", "pen" or "touch". */
    @JSProperty
    String getPointerType();

    /** 0..1; 0.5 for a pressed mouse button. */
    @JSProperty
    double getPressure();

    /** Named explicitly: JSO would map isPrimary() to a property "primary". */
    @JSProperty("isPrimary")
    boolean isPrimary();
}
