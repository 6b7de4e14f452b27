"""A consultation's moderators: who they are, and adding or removing one (the facilitator's
"Moderators" page; Django's admin offers the same to superusers).

Moderators are staff accounts (:class:`~assembly.accounts.models.ConsultationModerator`); the
consultation's creator and superusers moderate it without being listed. Only the creator and
superusers change the list (:func:`can_manage_moderators`): a moderator may see who else moderates,
not add or remove anyone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from assembly.accounts.access import is_staff
from assembly.accounts.models import ConsultationModerator
from assembly.consultations.models import Consultation

__all__ = ["add_moderator", "can_manage_moderators", "moderators_of", "remove_moderator"]


def can_manage_moderators(user: Any, consultation: Consultation) -> bool:
    """True when ``user`` may add or remove ``consultation``'s moderators: its creator or a superuser."""
    return is_staff(user) and (user.is_superuser or consultation.created_by_id == user.pk)


def moderators_of(consultation: Consultation) -> QuerySet[ConsultationModerator]:
    """The accounts assigned to ``consultation``, in the order they were added."""
    return consultation.moderators.select_related("user").order_by("added_at", "pk")


def add_moderator(consultation: Consultation, username: str) -> ConsultationModerator:
    """Make the staff account named ``username`` a moderator of ``consultation``.

    Raises
    ------
    ValidationError
        No such account, not an active staff account, the consultation's creator, or already a
        moderator; nothing is written.
    """
    name = username.strip()
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise ValidationError(_("There is no account named “%(name)s”.") % {"name": name}, code="unknown")
    if not is_staff(user):
        raise ValidationError(
            _(
                "“%(name)s” is not an active staff account: only staff accounts can moderate "
                "(an administrator can make it one)."
            )
            % {"name": name},
            code="not_staff",
        )
    if consultation.created_by_id == user.pk:
        raise ValidationError(
            _("“%(name)s” created this consultation and moderates it already.") % {"name": name},
            code="creator",
        )
    try:
        with transaction.atomic():
            return ConsultationModerator.objects.create(consultation=consultation, user=user)
    except IntegrityError:
        raise ValidationError(
            _("“%(name)s” moderates this consultation already.") % {"name": name}, code="duplicate"
        ) from None


def remove_moderator(consultation: Consultation, moderator_id: int | str) -> ConsultationModerator:
    """Remove the assignment ``moderator_id`` from ``consultation``; the removed assignment.

    Raises
    ------
    ValidationError
        ``moderator_id`` is not one of this consultation's moderators; nothing is changed.
    """
    try:
        pk = int(moderator_id)
    except (TypeError, ValueError):
        pk = -1
    assignment = consultation.moderators.select_related("user").filter(pk=pk).first()
    if assignment is None:
        raise ValidationError(
            _("“%(id)s” is not a moderator of this consultation.") % {"id": moderator_id}, code="unknown"
        )
    assignment.delete()
    return assignment
