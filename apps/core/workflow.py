"""The one way a workflow object changes state.

Each workflow model declares its steps once, in its app's ``workflow.py``, as a
:class:`Workflow` of :class:`Step` rows (rule, from-states and to-state, blocker, who is
told, label, confirmation, reason, success message). Services call :func:`transition`
(one row) or :func:`transition_many` (many rows in one statement); pages ask
:func:`refusal` and :func:`available_steps`; views run services through
:func:`apps.core.views.run_step`. Rows a worker claims with a conditional update (print
jobs, the outbox) are claims, not transitions, and stay where they are.

Two refusals, one family: :class:`Refused` ("not now / not valid": a state, a date, a
missing part) and :class:`NotPermitted` ("not you"). Objects outside a user's reach are
never refused: the views answer 404 before a service is called.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from apps.accounts.permissions import can
from apps.core.models import AuditEvent
from apps.core.services import audit_event, audit_record


class Refused(ValidationError):
    """The step is not possible now, or its input is not valid; the messages say why."""


class NotPermitted(PermissionDenied):
    """The actor may not take this step on this object; ``str(exc)`` is the message."""

    def __init__(self, message: str = "", code: str | None = None):
        super().__init__(message)
        self.code = code

    @property
    def messages(self) -> list[str]:
        return [str(self)]


class StaleEdit(Refused):
    """Someone else saved the object after the user loaded it (optimistic locking)."""


class ConflictOfInterest(NotPermitted):
    """The actor is too close to the object to judge it; another person must."""


REFUSALS = (Refused, NotPermitted)


def refusal_messages(exc: Exception) -> list[str]:
    """What a page shows for a refusal (either kind, or a plain ValidationError)."""
    return list(getattr(exc, "messages", None) or [str(exc)])


def require_text(text: str | None, message: str) -> str:
    """The stripped text, refused with ``message`` when empty."""
    text = (text or "").strip()
    if not text:
        raise Refused(message, code="required")
    return text


_step_depth: ContextVar[int] = ContextVar("workflow_step_depth", default=0)


@contextmanager
def step_atomic():
    """The transaction of a workflow step, or of a service that takes several steps
    together (a list sent: its spots registered and the list sent; a board's answer:
    the routing, its spots and the list).

    The outermost is ``transaction.atomic()`` as usual (a savepoint when the caller
    holds a transaction). A step taken inside it needs no savepoint of its own: nothing
    inside a step catches a nested step's refusal and goes on, so a refusal always
    leaves the outermost, which rolls the whole back. Two round trips (SAVEPOINT,
    RELEASE) fewer per nested step; a service's own plain ``transaction.atomic()``
    around a step still gives the step its savepoint."""
    depth = _step_depth.get()
    token = _step_depth.set(depth + 1)
    try:
        with transaction.atomic(savepoint=depth == 0):
            yield
    finally:
        _step_depth.reset(token)


Blocker = Callable[[Any, datetime.datetime], str]
Effect = Callable[[Any, Any, datetime.datetime], "Mapping[str, Any] | None"]


@dataclass(frozen=True)
class Step:
    """One verb of a workflow, declared once.

    ``moves`` maps each state the step starts from to the state it leads to. ``rule`` is
    the permission rule the actor must pass (``None`` for a step that another service
    takes for an actor it has already checked). ``blocker(obj, now)`` returns why the
    step is not possible now ("" when it is); ``actor_check(user, obj)`` may raise a
    NotPermitted subclass (conflict of interest). ``tell`` names the groups of people
    the workflow's notifier tells.
    """

    verb: str
    moves: Mapping[str, str]
    rule: str | None = None
    blocker: Blocker | None = None
    actor_check: Callable[[Any, Any], None] | None = None
    tell: tuple[str, ...] = ()
    label: str = ""
    confirm: str = ""
    reason: bool | None = None  # None: no reason asked; True: required; False: optional
    done: str = ""
    url_name: str = ""  # default "<workflow namespace>:<verb>"

    def target(self, state: str) -> str | None:
        return self.moves.get(state)


@dataclass
class Workflow:
    """The steps of one model and how its rows are locked, stamped, audited and told.

    ``transitions`` is the enum's table of which state may follow which; every step's
    moves must be in it. ``lock(obj)`` returns the row locked for update with what the
    checks read. ``stamp(locked, by, now)`` returns fields every step writes beside the
    state (e.g. a lock version). ``notifier(locked, step, by, from_state=…, comment=…,
    now=…)`` tells the step's groups. ``audit_prefix`` makes the audit action
    ("dossier_" + "submit").
    """

    model: type[models.Model]
    steps: Iterable[Step]
    transitions: Mapping[str, Iterable[str]]
    state_message: Callable[[Any], str]
    not_permitted: str
    field: str = "status"
    lock: Callable[[Any], Any] | None = None
    stamp: Callable[[Any, Any, datetime.datetime], dict] | None = None
    notifier: Callable[..., None] | None = None
    audit_prefix: str = ""
    namespace: str = ""  # of the step URLs

    def __post_init__(self):
        self.steps = {step.verb: step for step in self.steps}
        for step in self.steps.values():
            for source, target in step.moves.items():
                if target not in self.transitions[source]:
                    raise ValueError(f"{self.model.__name__}.{step.verb}: {source}→{target}")

    def step(self, verb: str) -> Step:
        return self.steps[verb]

    def locked(self, obj) -> models.Model:
        if self.lock is not None:
            return self.lock(obj)
        return self.model.objects.select_for_update(of=("self",)).get(pk=obj.pk)

    def check(self, obj, *, by, verb: str, now: datetime.datetime | None = None) -> None:
        """Raise why ``by`` may not take ``verb`` on ``obj`` now: the transition, the
        actor's rule, the actor check, then the step's blocker."""
        step = self.steps[verb]
        if step.target(getattr(obj, self.field)) is None:
            raise Refused(self.state_message(obj), code="state")
        if step.rule and not can(by, step.rule, obj):
            raise NotPermitted(self.not_permitted)
        if step.actor_check:
            step.actor_check(by, obj)
        if step.blocker:
            reason = step.blocker(obj, now or timezone.now())
            if reason:
                raise Refused(reason, code=verb)


def transition(
    workflow: Workflow,
    obj,
    *,
    verb: str,
    by,
    now: datetime.datetime | None = None,
    comment: str = "",
    data: dict | None = None,
    effect: Effect | None = None,
):
    """Take one step on one row and return the fresh row (``obj`` is left alone).

    In one transaction: lock the row, check the step (state, actor, blocker), run
    ``effect(locked, by, now)`` (it may change other rows and returns more fields to
    save), save the state and only the changed fields, write the audit record and call
    the workflow's notifier (its notices are written in this transaction and sent
    after commit).
    """
    now = now or timezone.now()
    step = workflow.steps[verb]
    with step_atomic():
        locked = workflow.locked(obj)
        workflow.check(locked, by=by, verb=verb, now=now)
        from_state = getattr(locked, workflow.field)
        values = {workflow.field: step.target(from_state)}
        if workflow.stamp:
            values.update(workflow.stamp(locked, by, now))
        if effect:
            values.update(effect(locked, by, now) or {})
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=_update_fields(locked, values))
        audit_record(
            actor=by,
            target=locked,
            action=workflow.audit_prefix + verb,
            from_state=from_state,
            to_state=values[workflow.field],
            comment=comment,
            data=data,
            at=now,
        )
        if workflow.notifier and step.tell:
            workflow.notifier(locked, step, by, from_state=from_state, comment=comment, now=now)
    return locked


def transition_many(
    workflow: Workflow,
    queryset: models.QuerySet,
    *,
    verb: str,
    by,
    now: datetime.datetime | None = None,
    comment: str = "",
    values: dict | None = None,
) -> list:
    """Move every row of ``queryset`` that stands in a from-state of ``verb``, in one
    UPDATE per from-state, with one audit row each (one bulk insert). Rows in another
    state are left alone. The caller has checked the actor (this is the batch form of a
    step another service takes). Returns the primary keys moved, in order.
    """
    now = now or timezone.now()
    step = workflow.steps[verb]
    moved: list = []
    with step_atomic():
        rows = list(
            queryset.select_for_update(of=("self",))
            .filter(**{f"{workflow.field}__in": list(step.moves)})
            .order_by("pk")
            .values_list("pk", workflow.field)
        )
        events = []
        for source, target in step.moves.items():
            pks = [pk for pk, state in rows if state == source]
            if not pks:
                continue
            fields = {workflow.field: target, **(values or {})}
            if _has_field(workflow.model, "updated_at"):
                fields["updated_at"] = now
            workflow.model.objects.filter(pk__in=pks).update(**fields)
            events += [
                audit_event(
                    actor=by,
                    content_type=ContentType.objects.get_for_model(workflow.model),
                    object_id=pk,
                    action=workflow.audit_prefix + verb,
                    from_state=source,
                    to_state=target,
                    comment=comment,
                    at=now,
                )
                for pk in pks
            ]
            moved += pks
        AuditEvent.objects.bulk_create(events)
    return sorted(moved)


def refusal(workflow: Workflow, obj, *, user, verb: str) -> str:
    """Why ``user`` may not take ``verb`` on ``obj`` now ("" when they may): what a page
    shows beside a disabled button, from the same checks as the service."""
    try:
        workflow.check(obj, by=user, verb=verb)
    except REFUSALS as exc:
        return refusal_messages(exc)[0]
    return ""


@dataclass
class Action:
    """A step as a page offers it: its button, its confirmation, why it is disabled."""

    verb: str
    label: str
    refusal: str
    confirm: str
    reason: bool | None
    url_name: str


def available_steps(
    workflow: Workflow, obj, *, user, labels: Mapping[str, str] | None = None
) -> list[Action]:
    """The steps ``user`` could take from ``obj``'s state (their rule allows them), each
    with why it is not possible yet. ``labels`` overrides a step's label for this state."""
    actions = []
    state = getattr(obj, workflow.field)
    for verb, step in workflow.steps.items():
        if step.rule is None or step.target(state) is None or not can(user, step.rule, obj):
            continue
        actions.append(
            Action(
                verb=verb,
                label=(labels or {}).get(verb) or step.label,
                refusal=refusal(workflow, obj, user=user, verb=verb),
                confirm=step.confirm,
                reason=step.reason,
                url_name=step.url_name or f"{workflow.namespace}:{verb}",
            )
        )
    return actions


def steps_by_verb(workflow: Workflow, obj, *, user) -> dict[str, Action]:
    """``available_steps`` by verb, for pages that place each step beside its own form."""
    return {action.verb: action for action in available_steps(workflow, obj, user=user)}


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _update_fields(obj, values: Mapping[str, Any]) -> list[str]:
    names = list(values)
    if _has_field(type(obj), "updated_at") and "updated_at" not in names:
        names.append("updated_at")  # auto_now fields are written only when named
    return names
