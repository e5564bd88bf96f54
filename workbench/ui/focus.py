"""Giving keyboard focus to a text box, and the editor's keyboard shortcuts: the JavaScript the interface runs.

Why it exists: the editor must be usable from the keyboard (Ctrl+Enter saves a segment and moves
on to the next), but Streamlit has no focus API, and after a save the rows are drawn again with
the focus left where it was. So, in the run right after a save only, the next segment's row emits a
tiny script that finds its box in the page and focuses it. Streamlit (since 1.39) gives a keyed widget's
container the class ``st-key-<key>``, which is how the script finds the box.

The script holds nothing but the widget key (JSON-encoded; our keys are ``target_`` and a hex
segment id) and a fresh nonce: Streamlit re-runs an ``st.html`` script only when its text
changes, and two saves in a row may well move the focus to the same box.

The editor's other shortcuts act on the segment whose box has (or last had) the focus, which only
the browser knows; Streamlit's own ``st.button(shortcut=...)`` binds one key to one button of the
page, not "match 1 of the segment I am in". So a second small script listens to the keyboard
(once per page load) and, for Alt+1..3, Alt+S or Alt+D, clicks that segment's own button, which
fills the box through the same callback as a click; only the active segment has those buttons
(docs/performance.md, "The editor's rows"), so in another one the script first clicks its
``activate_`` button and presses the insert button once the row is drawn with it; Alt+↓/↑
moves the focus to the next/previous box of the page, and Alt+K opens the concordance and puts
the caret in its box. It holds no
user text: only the keys' table, written here.
"""

from __future__ import annotations

import json
import uuid

import streamlit as st

_SCRIPT = """<script>
(() => {
  const key = %(key)s;  // %(nonce)s
  // The class Streamlit gives a keyed widget's container (its key with other characters as "-").
  const name = "st-key-" + key.trim().replace(/[^a-zA-Z0-9_-]/g, "-");
  const selector = "." + CSS.escape(name) + " textarea";
  let tries = 0;
  const attempt = () => {
    // The rerun may not have mounted the box yet: look again for up to about five seconds.
    const box = document.querySelector(selector);
    if (box && !box.disabled) {
      box.focus();  // scrolls it into view when needed
      const end = box.value.length;
      box.setSelectionRange(end, end);
    } else if (++tries < 50) {
      setTimeout(attempt, 100);
    }
  };
  attempt();
})();
</script>"""


def focus_script(key: str) -> str:
    """The HTML (one ``<script>``) that focuses the text area of widget ``key``, caret at the end."""
    literal = json.dumps(key).replace("<", "\\u003c")  # a JS string that cannot close the <script>
    return _SCRIPT % {"key": literal, "nonce": uuid.uuid4().hex}


def focus_text_area(key: str) -> None:
    """Move the keyboard focus to the text area of widget ``key`` once the browser shows it.

    Call it only in the run that should move the focus (e.g. right after a save): a script
    emitted on every run would steal the focus back whenever the page reruns.
    """
    st.html(focus_script(key), unsafe_allow_javascript=True)


#: Alt+<key> (KeyboardEvent.code) -> the prefix of the segment's button it presses (keys of editor.py).
SHORTCUT_BUTTONS = {"KeyS": "copy_source_", "KeyD": "insert_draft_", "Digit1": "insert_match_1_",
                    "Digit2": "insert_match_2_", "Digit3": "insert_match_3_"}
#: The prefix of the button that makes a segment the active one (only the active one has the buttons above).
ACTIVATE_BUTTON = "activate_"

_SHORTCUTS = """<script>
(() => {
  if (window.__workbenchShortcuts) return;  // one listener per page load: the page reruns often
  window.__workbenchShortcuts = true;
  const buttons = %(buttons)s;
  const activate = %(activate)s;  // the class of a segment's button that makes it the active one
  const prefix = "st-key-target_";
  const holderOf = (el) => el && el.tagName === "TEXTAREA" ? el.closest("[class*='" + prefix + "']") : null;
  const keyOf = (holder) => [...holder.classList].find((c) => c.startsWith(prefix)).slice(prefix.length);
  const boxOf = (key) => document.querySelector("." + CSS.escape(prefix + key) + " textarea");
  const caretAtEnd = (box) => { box.focus(); box.setSelectionRange(box.value.length, box.value.length); };
  let last = null;  // the segment whose box last had the focus (a click on a button takes it away)
  // The shortcut still waiting for its rerun (an insert, a row made active). The person may move on
  // meanwhile (Alt+↓, a click in another box, another shortcut): then the late step must not take
  // the focus back, so a step goes on only while it is still the pending one.
  let pending = null;
  document.addEventListener("focusin", (e) => {
    const h = holderOf(e.target);
    if (h) last = keyOf(h);
    if (pending && (!h || keyOf(h) !== pending.key) && e.target.matches("input, textarea, select")) pending = null;
  });
  document.addEventListener("keydown", (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    pending = null;  // a new shortcut: whatever an earlier one still waited for is dropped
    if (e.code === "KeyK") {
      const expander = document.querySelector(".st-key-concordance_expander details");
      if (!expander) return;
      e.preventDefault();
      if (!expander.open) expander.querySelector("summary").click();
      let tries = 0;
      const find = () => {  // the box can take focus once the expander shows it
        const input = expander.querySelector("input");
        if (input && expander.open && input.offsetParent !== null) { input.focus(); input.select(); }
        if ((!input || document.activeElement !== input) && ++tries < 50) setTimeout(find, 100);
      };
      find();
      return;
    }
    const holder = holderOf(document.activeElement);
    const key = holder ? keyOf(holder) : last;
    if (!key || !boxOf(key)) return;
    if (e.code === "ArrowDown" || e.code === "ArrowUp") {
      e.preventDefault();
      const all = [...document.querySelectorAll("[class*='" + prefix + "'] textarea")];
      const at = all.indexOf(boxOf(key));
      const next = all[at + (e.code === "ArrowDown" ? 1 : -1)];
      if (next) caretAtEnd(next);
      return;
    }
    if (!buttons[e.code]) return;
    e.preventDefault();
    const buttonOf = () => document.querySelector("." + CSS.escape("st-key-" + buttons[e.code] + key) + " button");
    const before = boxOf(key).value;
    const mine = pending = {key};
    let tries = 0;
    const refocus = () => {  // the box gets its new text after the rerun: then the caret goes to its end
      if (pending !== mine) return;
      const box = boxOf(key);
      if (box && (box.value !== before || tries > 30)) { pending = null; caretAtEnd(box); }
      else if (++tries < 50) setTimeout(refocus, 100);
    };
    let waits = 0;  // for the row drawn as the active one: a rerun, which a busy server makes slow
    const press = () => {
      if (pending !== mine) return;
      const button = buttonOf();
      if (!button) {  // not the active segment: make it so, then its insert buttons are there
        const open = document.querySelector("." + CSS.escape(activate + key) + " button");
        if (open && waits === 0) open.click();
        if (++waits < 600) setTimeout(press, 100);  // up to a minute, as long as a first run may take
        return;
      }
      if (button.disabled) { caretAtEnd(boxOf(key)); return; }
      button.click();
      refocus();
    };
    press();
  }, true);
})();
</script>"""


def shortcuts_script() -> str:
    """The HTML (one ``<script>``) that installs the editor's keyboard shortcuts (see the module docstring)."""
    return _SHORTCUTS % {"buttons": json.dumps(SHORTCUT_BUTTONS), "activate": json.dumps("st-key-" + ACTIVATE_BUTTON)}


def keyboard_shortcuts() -> None:
    """Install the editor's keyboard shortcuts in this browser page (a no-op when they are already there)."""
    st.html(shortcuts_script(), unsafe_allow_javascript=True)
