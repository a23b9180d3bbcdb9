"""`{% marking obj [obj2 ...] %}`: the GOV.UK-style handling banner for what the page shows."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from openmash.markings.queries import marking_for

register = template.Library()


@register.simple_tag(takes_context=True)
def marking(context: Any, *objs: Any) -> SafeString:
    """Render the banner. Put it at the top and the bottom of the page; print keeps both."""
    cache = context.render_context.setdefault("markings", {})
    key = tuple((o._meta.label_lower, o.pk) for o in objs if o is not None)
    if key not in cache:
        cache[key] = marking_for(*objs)
    html = render_to_string("markings/_banner.html", {"marking": cache[key]})
    return mark_safe(html)  # noqa: S308 - our own template, autoescaped
