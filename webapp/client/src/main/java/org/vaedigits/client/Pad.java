package org.vaedigits.client;

import org.teavm.jso.canvas.CanvasRenderingContext2D;
import org.teavm.jso.core.JSArrayReader;
import org.teavm.jso.dom.html.HTMLCanvasElement;

/**
 * The drawing canvas: pointer events from mouse, pen or finger (captured, so a stroke may leave
 * the canvas), drawn as round-capped quadratic curves through the midpoints of the sampled
 * positions, thicker where a pen presses harder. Tells its listener after every change.
 */
final class Pad {
    /** Stroke width as a share of the pad's side: about MNIST's pen in its 20-pixel box. */
    private static final double STROKE = 0.10;
    private static final String INK = "#15192b";

    private final HTMLCanvasElement canvas;
    private final CanvasRenderingContext2D context;
    private final Runnable onChange;
    private int pointer = -1;
    private double lastX;
    private double lastY;
    private double midX;
    private double midY;
    private boolean empty = true;

    Pad(HTMLCanvasElement canvas, Runnable onChange) {
        this.canvas = canvas;
        this.onChange = onChange;
        context = (CanvasRenderingContext2D) canvas.getContext("2d");
        fitBacking();
        canvas.addEventListener("pointerdown", e -> down((PointerEvent) e));
        canvas.addEventListener("pointermove", e -> move((PointerEvent) e));
        canvas.addEventListener("pointerup", e -> up((PointerEvent) e));
        canvas.addEventListener("pointercancel", e -> up((PointerEvent) e));
        canvas.addEventListener("lostpointercapture", e -> up((PointerEvent) e));
    }

    /**
     * Sizes the canvas's pixels to its displayed size (device pixels, 280..1024), which resets it:
     * done only while it is empty, as the layout may not be final when the page starts.
     */
    private void fitBacking() {
        double side = Math.max(1, canvas.getClientWidth()) * Browser.devicePixelRatio();
        int backing = (int) Math.round(Math.min(1024, Math.max(280, side)));
        if (canvas.getWidth() != backing || canvas.getHeight() != backing) {
            canvas.setWidth(backing);
            canvas.setHeight(backing);
        }
        context.setLineCap("round");
        context.setLineJoin("round");
        context.setStrokeStyle(INK);
        context.setFillStyle(INK);
    }

    HTMLCanvasElement canvas() {
        return canvas;
    }

    /** True until the first stroke after construction or {@link #clear()}. */
    boolean isEmpty() {
        return empty;
    }

    void clear() {
        context.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        empty = true;
        onChange.run();
    }

    private void down(PointerEvent e) {
        if (pointer >= 0 || !e.isPrimary()) {
            return;
        }
        e.preventDefault();
        if (empty) {
            fitBacking();
        }
        pointer = e.getPointerId();
        Browser.capturePointer(canvas, pointer);
        Box box = Browser.box(canvas);
        lastX = x(e, box);
        lastY = y(e, box);
        midX = lastX;
        midY = lastY;
        // a dot, so a tap leaves a mark
        context.beginPath();
        context.arc(lastX, lastY, width(e) / 2, 0, 2 * Math.PI);
        context.fill();
        empty = false;
        onChange.run();
    }

    private void move(PointerEvent e) {
        if (e.getPointerId() != pointer) {
            return;
        }
        e.preventDefault();
        Box box = Browser.box(canvas);
        JSArrayReader<PointerEvent> moves = Browser.coalesced(e);
        for (int i = 0; i < moves.getLength(); i++) {
            PointerEvent m = moves.get(i);
            double x = x(m, box);
            double y = y(m, box);
            double nextMidX = (lastX + x) / 2;
            double nextMidY = (lastY + y) / 2;
            context.setLineWidth(width(m));
            context.beginPath();
            context.moveTo(midX, midY);
            context.quadraticCurveTo(lastX, lastY, nextMidX, nextMidY);
            context.stroke();
            midX = nextMidX;
            midY = nextMidY;
            lastX = x;
            lastY = y;
        }
        onChange.run();
    }

    private void up(PointerEvent e) {
        if (e.getPointerId() != pointer) {
            return;
        }
        context.beginPath();
        context.moveTo(midX, midY);
        context.lineTo(lastX, lastY);
        context.stroke();
        Browser.releasePointer(canvas, pointer);
        pointer = -1;
        onChange.run();
    }

    private double width(PointerEvent e) {
        double base = STROKE * canvas.getWidth();
        if ("pen".equals(e.getPointerType())) {
            return base * (0.55 + 0.9 * e.getPressure());
        }
        return base;
    }

    private double x(PointerEvent e, Box box) {
        return (e.getClientX() - box.getLeft()) * canvas.getWidth() / Math.max(1, box.getWidth());
    }

    private double y(PointerEvent e, Box box) {
        return (e.getClientY() - box.getTop()) * canvas.getHeight() / Math.max(1, box.getHeight());
    }
}
