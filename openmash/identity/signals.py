"""Keep the candidate index in step: any change to a person, their other names or addresses re-indexes them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from openmash.people.models import Address, OtherName, Person


def _refresh(person_id: int) -> None:
    from openmash.identity import index

    index.refresh(person_id)


@receiver(post_save, sender=Person)
@receiver(post_save, sender=OtherName)
@receiver(post_save, sender=Address)
def _saved(sender: Any, instance: Person | OtherName | Address, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _refresh(instance.pk if isinstance(instance, Person) else instance.person_id)


@receiver(post_delete, sender=OtherName)
@receiver(post_delete, sender=Address)
def _deleted(sender: Any, instance: OtherName | Address, **kwargs: Any) -> None:
    # After the transaction: when the person itself is being deleted, there is nothing to refresh.
    person_id = instance.person_id
    transaction.on_commit(lambda: _refresh(person_id))
