"""`{% marking obj [obj2 ...] %}`: the GOV.UK-style handling banner for what the page shows.

Arguments are records, or model labels ("contacts.contact") for a page that lists
records of that kind; several combine to the highest marking.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from openmash.markings.queries import marking_for
from openmash.markings.registry import HandlingMarking, combine, default_marking

register = template.Library()


def _resolve(objs: tuple[Any, ...]) -> HandlingMarking:
    labels = [o for o in objs if isinstance(o, str)]
    records = [o for o in objs if o is not None and not isinstance(o, str)]
    found = [default_marking(apps.get_model(label)()) for label in labels]
    if records or not found:
        found.append(marking_for(*records))
    return combine(found)


@register.simple_tag(takes_context=True)
def marking(context: Any, *objs: Any) -> SafeString:
    """Render the banner. Put it in the marking_top and marking_bottom blocks; print keeps both."""
    cache = context.render_context.setdefault("markings", {})
    key = tuple(o if isinstance(o, str) else (o._meta.label_lower, o.pk) for o in objs if o is not None)
    if key not in cache:
        cache[key] = _resolve(objs)
    return mark_safe(render_to_string("markings/_banner.html", {"marking": cache[key]}))  # noqa: S308 - autoescaped template


@register.simple_tag
def field_marking(obj: Any, field: str) -> SafeString:
    """A small tag after a field whose default marking is above its record's (a police reference).

    Defaults only (`registry.FIELD_DEFAULTS`), so lists of people cost no queries; a field given
    its own marking by `marking_set` is honoured by `marking_for(obj, field=...)` in exports.
    """
    if obj is None:
        return mark_safe("")  # noqa: S308 - empty
    own = default_marking(obj, field)
    if own == default_marking(obj):
        return mark_safe("")  # noqa: S308 - empty
    return mark_safe(render_to_string("markings/_field.html", {"marking": own}))  # noqa: S308 - autoescaped template
