package org.vaedigits.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.dom.html.HTMLCanvasElement;

/** Small DOM helpers by element id, so the page code reads as what it does. */
final class Dom {
    private Dom() {
    }

    @JSBody(params = {"id"}, script = "var e = document.getElementById(id); if (!e) throw new Error('page lacks #' + id); return e;")
    static native HTMLCanvasElement canvas(String id);

    /*
     * One script per kind of write, the properties by name: each script adds its import and its
     * text to the compiled client.
     */

    @JSBody(params = {"id", "name", "value"}, script = "document.getElementById(id)[name] = value;")
    private static native void set(String id, String name, String value);

    /** A number property, or a boolean one as 1 or 0 (hidden, disabled: the DOM takes 0 as false). */
    @JSBody(params = {"id", "name", "value"}, script = "document.getElementById(id)[name] = value;")
    static native void setNumber(String id, String name, double value);

    static void setText(String id, String text) {
        set(id, "textContent", text);
    }

    static void setHidden(String id, boolean hidden) {
        setNumber(id, "hidden", hidden ? 1 : 0);
    }

    static void setDisabled(String id, boolean disabled) {
        setNumber(id, "disabled", disabled ? 1 : 0);
    }

    @JSBody(params = {"id", "name", "on"}, script = "document.getElementById(id).classList.toggle(name, on);")
    static native void toggleClass(String id, String name, boolean on);

    @JSBody(params = {"id", "value", "label", "disabled", "title"}, script = ""
            + "var o = document.createElement('option'); o.value = value; o.textContent = label;"
            + "o.disabled = disabled; if (title) o.title = title; document.getElementById(id).appendChild(o);")
    static native void addOption(String id, String value, String label, boolean disabled, String title);

    /** A form control's value (through {@link #canvas}'s script: it finds any element). */
    static String value(String id) {
        return Js.string(canvas(id), "value");
    }

    static void setValue(String id, String value) {
        set(id, "value", value);
    }

    /** Adds a list item to the list with the given id (for the banner's problem list). */
    @JSBody(params = {"id", "text"}, script = ""
            + "var li = document.createElement('li'); li.textContent = text; document.getElementById(id).appendChild(li);")
    static native void addItem(String id, String text);

    /** Removes the element's children (a select's options too). */
    @JSBody(params = {"id"}, script = "document.getElementById(id).replaceChildren();")
    static native void clearChildren(String id);

    @JSBody(params = {"text"}, script = "return encodeURIComponent(text);")
    static native String encode(String text);

    /** Sets an attribute of the element with that id, or with a null id of the body. */
    @JSBody(params = {"id", "name", "value"}, script = ""
            + "(id ? document.getElementById(id) : document.body).setAttribute(name, value);")
    static native void setAttribute(String id, String name, String value);

    /**
     * Shows a −ELBO reading in the element: "−ELBO", the value and its parts, in spans the style
     * sheet can lay out (its text reads "−ELBO 15.5 nats (reconstruction 6.5 + KL 9.0)").
     */
    @JSBody(params = {"id", "value", "parts"}, script = ""
            + "var e = document.getElementById(id), v = e.querySelector('.elbo-value');"
            + "if (!v) {"
            + "  var k = document.createElement('span'); k.className = 'elbo-key'; k.textContent = '\u2212ELBO';"
            + "  v = document.createElement('span'); v.className = 'elbo-value';"
            + "  var p = document.createElement('span'); p.className = 'elbo-parts';"
            + "  e.replaceChildren(k, ' ', v, ' ', p);"
            + "}"
            + "v.textContent = value; e.querySelector('.elbo-parts').textContent = parts;")
    static native void setReading(String id, String value, String parts);

    /**
     * Makes the container hold exactly {@code n} run cards, clones of index.html's #run-card with
     * element ids run-i-card, -name, -status, -curves, -test, -samples and -samples-caption (i from
     * 0, the rest from each element's data-id), keeping the ones there.
     */
    @JSBody(params = {"id", "n"}, script = ""
            + "var box = document.getElementById(id), card = document.getElementById('run-card').content.firstElementChild;"
            + "while (box.children.length > n) box.lastElementChild.remove();"
            + "for (var i = box.children.length; i < n; i++) {"
            + "  var a = card.cloneNode(true), p = 'run-' + i + '-';"
            + "  a.id = p + 'card';"
            + "  a.querySelectorAll('[data-id]').forEach(function(e) { e.id = p + e.dataset.id; });"
            + "  box.appendChild(a);"
            + "}")
    static native void ensureRunCards(String id, int n);
}
