"""The review state machine and permission rules, as tables of (who, what, from which state) -> outcome."""

from __future__ import annotations

import pytest

from workbench.domain.workflow import (
    STATES,
    Actor,
    Current,
    StaleVersionError,
    check_allowed,
    check_role,
    check_signoff,
    check_version,
    decide,
    parse_langs,
)
from workbench.errors import InputError, PermissionDeniedError, WorkbenchError

TR = Actor("ana", "translator")
RV = Actor("rui", "reviewer")
RV_ES = Actor("eva", "reviewer", frozenset({"es"}))
AD = Actor("adm", "admin")

# (action, state before) -> state after, or None when the state refuses the action.
TRANSITIONS = {
    ("edit", "new"): "translated",
    ("edit", "draft"): "translated",
    ("edit", "translated"): "translated",
    ("edit", "approved"): "translated",
    ("edit", "needs_edit"): "translated",
    ("approve", "new"): None,
    ("approve", "draft"): "approved",
    ("approve", "translated"): "approved",
    ("approve", "approved"): None,
    ("approve", "needs_edit"): None,
    ("reject", "new"): None,
    ("reject", "draft"): "needs_edit",
    ("reject", "translated"): "needs_edit",
    ("reject", "approved"): "needs_edit",
    ("reject", "needs_edit"): None,
    ("unapprove", "new"): None,
    ("unapprove", "draft"): None,
    ("unapprove", "translated"): None,
    ("unapprove", "approved"): "translated",
    ("unapprove", "needs_edit"): None,
}


@pytest.mark.parametrize(("action", "state"), sorted(TRANSITIONS))
def test_transitions(action: str, state: str) -> None:
    current = Current(state=state, target=None if state == "new" else "texto", version=3, author="ana")  # type: ignore[arg-type]
    expected = TRANSITIONS[(action, state)]
    if expected is None:
        with pytest.raises(WorkbenchError) as info:
            decide(RV, action, "es", current, comment="porque")  # type: ignore[arg-type]
        assert not isinstance(info.value, PermissionDeniedError)
    else:
        decision = decide(RV, action, "es", current, comment="porque")  # type: ignore[arg-type]
        assert (decision.state_before, decision.state_after) == (state, expected)


def test_every_state_is_covered() -> None:
    assert {s for _, s in TRANSITIONS} == set(STATES)


@pytest.mark.parametrize(
    ("actor", "action", "lang", "allowed"),
    [
        (TR, "edit", "es", True),
        (TR, "approve", "es", False),
        (TR, "reject", "es", False),
        (TR, "unapprove", "es", False),
        (TR, "signoff", "es", False),
        (RV, "approve", "de", True),
        (RV_ES, "approve", "es", True),
        (RV_ES, "approve", "en", False),
        (RV_ES, "edit", "en", False),
        (AD, "signoff", "uk", True),
        (Actor("old", "admin", disabled=True), "edit", "es", False),
        (RV, "draft", "es", False),
    ],
)
def test_permissions(actor: Actor, action: str, lang: str, allowed: bool) -> None:
    if allowed:
        check_allowed(actor, action, lang)
    else:
        with pytest.raises(PermissionDeniedError):
            check_allowed(actor, action, lang)


def test_refusals_say_why() -> None:
    with pytest.raises(PermissionDeniedError, match="only a reviewer or admin may approve"):
        check_allowed(TR, "approve", "es")
    with pytest.raises(PermissionDeniedError, match="works on es only, not 'en'"):
        check_allowed(RV_ES, "approve", "en")
    with pytest.raises(PermissionDeniedError, match="disabled"):
        check_allowed(Actor("old", "reviewer", disabled=True), "approve", "es")


def test_four_eyes() -> None:
    own = Current("translated", "texto", 2, author="rui")
    with pytest.raises(PermissionDeniedError, match="four-eyes"):
        decide(RV, "approve", "es", own)
    assert decide(RV, "approve", "es", own, four_eyes=False).state_after == "approved"
    assert decide(RV, "approve", "es", Current("draft", "texto", 1, author="engine:apertium")).state_after == "approved"
    # the rule is about approving only: a reviewer may reject or edit their own text
    assert decide(RV, "reject", "es", own, comment="no").state_after == "needs_edit"


@pytest.mark.parametrize("action", ["reject", "unapprove"])
def test_comment_required(action: str) -> None:
    with pytest.raises(InputError, match="needs a comment"):
        decide(RV, action, "es", Current("approved", "texto", 2), comment="   ")  # type: ignore[arg-type]


def test_stale_version_names_current_text_version_and_author() -> None:
    check_version(None, Current("translated", "a", 4))
    check_version(4, Current("translated", "a", 4))
    with pytest.raises(StaleVersionError) as info:
        check_version(3, Current("translated", "Texto nuevo", 4, changed_by="rui"))
    message = str(info.value)
    assert "version 4" in message and "rui" in message and "Texto nuevo" in message
    assert info.value.current.version == 4


def test_signoff_needs_every_segment_approved() -> None:
    check_signoff(RV, "es", [("a", "approved"), ("b", "approved")])
    with pytest.raises(WorkbenchError, match="1 segment\\(s\\) not approved in 'es': b"):
        check_signoff(RV, "es", [("a", "approved"), ("b", "translated")])
    with pytest.raises(PermissionDeniedError):
        check_signoff(TR, "es", [("a", "approved")])


def test_roles_and_scopes_parse() -> None:
    assert parse_langs(" es, EN,,") == frozenset({"es", "en"})
    assert check_role("admin") == "admin"
    with pytest.raises(InputError, match="translator, reviewer, admin"):
        check_role("boss")
