"""Template helpers for GOV.UK markup: attributes passed through, and the live clock words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms.boundfield import BoundField
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_SKIP = {"class", "label", "id", "name", "type", "value"}


@register.filter
def extra_attrs(field: BoundField) -> SafeString:
    """The widget's attributes other than those the GOV.UK templates set themselves."""
    attrs: dict[str, Any] = field.field.widget.attrs
    return format_html_join(" ", '{}="{}"', ((k, v) for k, v in attrs.items() if k not in _SKIP and v is not False))


@register.filter
def widget_class(field: BoundField) -> str:
    return str(field.field.widget.attrs.get("class", ""))


@register.filter
def describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def text_limit(name: str) -> int:
    """A limit from openmash/limits.py, for markup written by hand (not through a form field)."""
    from openmash import limits

    return int(getattr(limits, name))


@register.filter
def intcomma_plain(value: int) -> str:
    """10000 as "10,000", as GOV.UK writes numbers (humanize's intcomma follows the locale)."""
    return f"{int(value):,}"


@register.filter
def london(value: dt.datetime | None) -> str:
    """A time as the hub reads it: 'Mon 3 Nov 2026, 14:05'."""
    if value is None:
        return ""
    from django.utils import timezone

    try:
        local = timezone.localtime(value)
    except OverflowError:
        # A moment at the very edge of the calendar (0001-01-01 UTC) has no London wall-clock time;
        # show it in UTC rather than fail the page.
        local = value
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
