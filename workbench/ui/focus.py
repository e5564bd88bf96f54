"""Giving keyboard focus to a text box: the one piece of JavaScript the interface runs.

Why it exists: the editor must be usable from the keyboard (Ctrl+Enter saves a segment and moves
on to the next), but Streamlit has no focus API, and after a save the page reruns with the focus
left where it was. So, in the run right after a save only, the editor emits a tiny script that
finds the next box in the page and focuses it. Streamlit (since 1.39) gives a keyed widget's
container the class ``st-key-<key>``, which is how the script finds the box.

The script holds nothing but the widget key (JSON-encoded; our keys are ``target_`` and a hex
segment id) and a fresh nonce: Streamlit re-runs an ``st.html`` script only when its text
changes, and two saves in a row may well move the focus to the same box.
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
