package org.vaedigits.client;

import org.teavm.jso.canvas.CanvasRenderingContext2D;
import org.teavm.jso.core.JSArrayReader;
import org.teavm.jso.dom.html.HTMLCanvasElement;
import org.vaedigits.model.Strokes;

/**
 * The drawing canvas: pointer events from mouse, pen or finger (captured, so a stroke may leave
 * the canvas) are recorded as {@link Strokes} in canvas pixels, with a width factor from a pen's
 * pressure, and shown as round-capped quadratic curves through the midpoints of the points. The
 * model never sees these pixels: {@code StrokeNormalizer} renders the recorded strokes again at
 * MNIST's pen, so the pen shown here only has to be comfortable. Tells the page after every
 * change ({@link Page#padChanged}).
 */
final class Pad {
    /** Shown stroke width as a share of the pad's side. */
    private static final double STROKE = 0.08;
    private static final String INK = "#15192b";

    private final HTMLCanvasElement canvas;
    private final CanvasRenderingContext2D context;
    private final Page page;
    private final Strokes strokes = new Strokes();
    private int pointer = -1;

    Pad(HTMLCanvasElement canvas, Page page) {
        this.canvas = canvas;
        this.page = page;
        context = (CanvasRenderingContext2D) canvas.getContext("2d");
        fitBacking();
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

    /** What was drawn, in canvas pixels (the pad's side is {@link #side()} of them). */
    Strokes strokes() {
        return strokes;
    }

    /** The canvas's side in its own pixels, the unit of {@link #strokes()}. */
    int side() {
        return canvas.getWidth();
    }

    boolean isEmpty() {
        return strokes.isEmpty();
    }

    void clear() {
        strokes.clear();
        pointer = -1;
        context.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        page.padChanged();
    }

    /** Removes the last stroke; false when there is none. */
    boolean undo() {
        if (pointer >= 0 || !strokes.undo()) {
            return false;
        }
        context.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        for (int s = 0; s < strokes.strokeCount(); s++) {
            for (int i = strokes.start(s); i < strokes.end(s); i++) {
                paintPoint(s, i);
            }
            paintEnd(s);
        }
        page.padChanged();
        return true;
    }

    /**
     * Replaces the drawing with {@code drawing}, whose coordinates are in units of which the pad's
     * side holds {@code units} (28 for an MNIST digit), shown as drawn.
     */
    void show(Strokes drawing, double units) {
        clear();
        fitBacking();
        double scale = canvas.getWidth() / units;
        for (int s = 0; s < drawing.strokeCount(); s++) {
            for (int i = drawing.start(s); i < drawing.end(s); i++) {
                record(i == drawing.start(s), drawing.x(i) * scale, drawing.y(i) * scale, drawing.width(i));
            }
            paintEnd(strokes.strokeCount() - 1);
        }
        page.padChanged();
    }

    /** A pointer event on the pad, {@link Browser#DOWN}, {@link Browser#MOVE} or {@link Browser#UP} (the page listens). */
    void pointer(int kind, PointerEvent e) {
        if (kind == Browser.DOWN) {
            down(e);
        } else if (kind == Browser.MOVE) {
            move(e);
        } else {
            up(e);
        }
    }

    /** True while a pointer is drawing a stroke. */
    boolean isDrawing() {
        return pointer >= 0;
    }

    private void down(PointerEvent e) {
        if (pointer >= 0 || !e.isPrimary()) {
            return;
        }
        e.preventDefault();
        if (strokes.isEmpty()) {
            fitBacking();
        }
        pointer = e.getPointerId();
        Browser.pointerCapture(canvas, pointer, true);
        Box box = Browser.box(canvas);
        record(true, x(e, box), y(e, box), widthFactor(e));
        page.padChanged();
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
            record(false, x(m, box), y(m, box), widthFactor(m));
        }
        page.padChanged();
    }

    private void up(PointerEvent e) {
        if (e.getPointerId() != pointer) {
            return;
        }
        paintEnd(strokes.strokeCount() - 1);
        Browser.pointerCapture(canvas, pointer, false);
        pointer = -1;
        page.padChanged();
    }

    /** Records a point (the first of a new stroke if {@code first}) and paints it. */
    private void record(boolean first, double x, double y, double widthFactor) {
        if (first) {
            strokes.begin(x, y, widthFactor);
        } else {
            strokes.add(x, y, widthFactor);
        }
        paintPoint(strokes.strokeCount() - 1, strokes.pointCount() - 1);
    }

    /**
     * Paints point i of stroke s: a dot for its first point (so a tap leaves a mark), else the
     * quadratic curve from the midpoint before point i−1, through i−1, to the midpoint of i−1 and i.
     */
    private void paintPoint(int s, int i) {
        int first = strokes.start(s);
        if (i == first) {
            context.beginPath();
            context.arc(strokes.x(i), strokes.y(i), width(strokes.width(i)) / 2, 0, 2 * Math.PI);
            context.fill();
            return;
        }
        int before = Math.max(first, i - 2);
        context.setLineWidth(width(strokes.width(i)));
        context.beginPath();
        context.moveTo((strokes.x(before) + strokes.x(i - 1)) / 2, (strokes.y(before) + strokes.y(i - 1)) / 2);
        context.quadraticCurveTo(strokes.x(i - 1), strokes.y(i - 1),
                (strokes.x(i - 1) + strokes.x(i)) / 2, (strokes.y(i - 1) + strokes.y(i)) / 2);
        context.stroke();
    }

    /** Paints the last half-segment of stroke s, from its last midpoint to its last point. */
    private void paintEnd(int s) {
        if (s < 0 || strokes.end(s) - 1 == strokes.start(s)) {
            return;
        }
        int last = strokes.end(s) - 1;
        context.setLineWidth(width(strokes.width(last)));
        context.beginPath();
        context.moveTo((strokes.x(last - 1) + strokes.x(last)) / 2, (strokes.y(last - 1) + strokes.y(last)) / 2);
        context.lineTo(strokes.x(last), strokes.y(last));
        context.stroke();
    }

    private double width(double factor) {
        return STROKE * canvas.getWidth() * factor;
    }

    /** 1 for mouse and finger; a pen's pressure (0..1, 0.5 when not reported) makes it 0.55..1.45. */
    private static double widthFactor(PointerEvent e) {
        return "pen".equals(e.getPointerType()) ? 0.55 + 0.9 * e.getPressure() : 1;
    }

    private double x(PointerEvent e, Box box) {
        return (e.getClientX() - box.getLeft()) * canvas.getWidth() / Math.max(1, box.getWidth());
    }

    private double y(PointerEvent e, Box box) {
        return (e.getClientY() - box.getTop()) * canvas.getHeight() / Math.max(1, box.getHeight());
    }
}
