"""Reading a record's marking: the one function pages, prints, PDFs and exports call."""

from __future__ import annotations

from django.db import models

from openmash.markings.models import Marking
from openmash.markings.registry import OFFICIAL, HandlingMarking, combine, default_marking


def marking_for(*objs: models.Model | None, field: str = "") -> HandlingMarking:
    """The handling marking for a record (or a field of it), or for a page or file holding several.

    A practitioner's `Marking` overrides the default; several records combine to the
    highest classification with every descriptor. One query however many records.
    """
    records = [o for o in objs if o is not None and o.pk is not None]
    if not records:
        return OFFICIAL
    overrides = {
        (m.model, m.object_id): m
        for m in Marking.objects.filter(
            model__in={o._meta.label_lower for o in records},
            object_id__in={str(o.pk) for o in records},
            field=field,
        )
    }
    found = []
    for obj in records:
        override = overrides.get((obj._meta.label_lower, str(obj.pk)))
        if override is not None:
            descriptors = (override.descriptor,) if override.descriptor else ()
            found.append(HandlingMarking(override.classification, descriptors))
        else:
            found.append(default_marking(obj, field))
    return combine(found)
