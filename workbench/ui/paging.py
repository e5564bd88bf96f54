"""One page of a long list on a screen: the page number a widget holds, kept within the pages there are."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st

#: A page of a service's list (its ``…JSON`` result), with ``total``: the whole list's length.
Page = TypeVar("Page", bound=Mapping[str, Any])


def fetch_page(key: str, size: int, fetch: Callable[[int, int], Page]) -> tuple[Page, int, int]:
    """``(data, page, pages)`` for the page the number widget ``key`` asks for.

    Call it before that widget is created in the run: when the list got shorter (filters,
    approvals, another release) the page is moved to the last one there is, which can only be
    written into the widget's state before the widget exists.
    """
    page = max(1, int(st.session_state.get(key, 1)))
    data = fetch((page - 1) * size, size)
    pages = max(1, -(-data["total"] // size))
    if page > pages:
        page = st.session_state[key] = pages
        data = fetch((page - 1) * size, size)
    return data, page, pages


def page_input(label: str, key: str, pages: int) -> None:
    """The page number widget ``key``, shown only when there is more than one page."""
    if pages > 1:
        st.number_input(label, 1, pages, key=key)
    else:
        st.session_state.pop(key, None)  # back on page 1 when the list grows again
