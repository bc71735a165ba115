package org.vaedigits.browser;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;

/**
 * Strokes and taps for the browser tests, in coordinates relative to an element's box (0..1):
 * by mouse (Playwright), or by finger or pen through Chromium's own input pipeline (the DevTools
 * protocol), which makes the pointer events a touch screen or a pen would.
 */
final class Gestures {
    /** A "7" in pad coordinates (0..1): the bar, then the stem. */
    static final double[][] SEVEN = {{0.28, 0.22}, {0.72, 0.22}, {0.62, 0.45}, {0.50, 0.80}};
    /** Moves between two points of a stroke. */
    static final int STEPS = 12;

    private Gestures() {
    }

    /** Points scaled by {@code factor} about the centre (0.5, 0.5). */
    static double[][] scaled(double[][] points, double factor) {
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            out[i] = new double[] {0.5 + factor * (points[i][0] - 0.5), 0.5 + factor * (points[i][1] - 0.5)};
        }
        return out;
    }

    static void mouseStroke(Page page, BoundingBox box, double[][] points) {
        Mouse mouse = page.mouse();
        mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
        mouse.down();
        for (int i = 1; i < points.length; i++) {
            mouse.move(box.x + points[i][0] * box.width, box.y + points[i][1] * box.height, new Mouse.MoveOptions().setSteps(STEPS));
        }
        mouse.up();
    }

    static void touchStroke(CDPSession input, BoundingBox box, double[][] points) {
        input.send("Input.dispatchTouchEvent", touch("touchStart", box, points[0][0], points[0][1]));
        for (int i = 1; i < points.length; i++) {
            for (int step = 1; step <= STEPS; step++) {
                double t = step / (double) STEPS;
                input.send("Input.dispatchTouchEvent", touch("touchMove", box,
                        points[i - 1][0] + t * (points[i][0] - points[i - 1][0]), points[i - 1][1] + t * (points[i][1] - points[i - 1][1])));
            }
        }
        touchEnd(input);
    }

    /** A finger put down at (x, y) of the box and lifted. */
    static void tap(CDPSession input, BoundingBox box, double x, double y) {
        input.send("Input.dispatchTouchEvent", touch("touchStart", box, x, y));
        touchEnd(input);
    }

    private static void touchEnd(CDPSession input) {
        JsonObject end = new JsonObject();
        end.addProperty("type", "touchEnd");
        end.add("touchPoints", new JsonArray());
        input.send("Input.dispatchTouchEvent", end);
    }

    private static JsonObject touch(String type, BoundingBox box, double x, double y) {
        JsonObject point = new JsonObject();
        point.addProperty("x", box.x + x * box.width);
        point.addProperty("y", box.y + y * box.height);
        point.addProperty("id", 1);
        JsonArray points = new JsonArray();
        points.add(point);
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.add("touchPoints", points);
        return event;
    }

    static void penStroke(CDPSession input, BoundingBox box, double[][] points) {
        input.send("Input.dispatchMouseEvent", pen("mousePressed", box, points[0][0], points[0][1], 0.6));
        for (int i = 1; i < points.length; i++) {
            for (int step = 1; step <= STEPS; step++) {
                double t = step / (double) STEPS;
                input.send("Input.dispatchMouseEvent", pen("mouseMoved", box,
                        points[i - 1][0] + t * (points[i][0] - points[i - 1][0]), points[i - 1][1] + t * (points[i][1] - points[i - 1][1]), 0.6));
            }
        }
        input.send("Input.dispatchMouseEvent", pen("mouseReleased", box, points[points.length - 1][0], points[points.length - 1][1], 0));
    }

    private static JsonObject pen(String type, BoundingBox box, double x, double y, double pressure) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.addProperty("x", box.x + x * box.width);
        event.addProperty("y", box.y + y * box.height);
        event.addProperty("button", "left");
        event.addProperty("buttons", type.equals("mouseReleased") ? 0 : 1);
        event.addProperty("clickCount", 1);
        event.addProperty("pointerType", "pen");
        event.addProperty("force", pressure);
        return event;
    }
}
