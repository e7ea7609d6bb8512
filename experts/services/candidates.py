"""Regional candidate lists: nominations by member administrations, decisions by the ROCB."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts import rules
from experts.choices import NOMINATION_TRANSITIONS, ExpertKind, NominationStatus
from experts.models import CandidateListEntry, Expert
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.models import Region, User


@transaction.atomic
def candidate_nominate(
    *, expert: Expert, by: User, region: Region | None = None, motivation: str = ""
) -> CandidateListEntry:
    """A member administration nominates one of its own officers to its region's candidate list
    (the Secretariat may nominate for any administration). The candidate's four requirements and
    topic must be complete: the list is for officials ready to help."""
    expert = Expert.objects.select_for_update(of=("self",)).select_related("person__administration").get(pk=expert.pk)
    administration = expert.person.administration
    if administration is None:
        raise DomainError(_("Only an officer of a member administration can be nominated."))
    if not rules.can_propose_candidate(by, administration):
        raise ForbiddenError(_("An administration may nominate only its own officers."))
    region = region or administration.region
    if not rules.can_nominate(by, expert, region):
        raise ForbiddenError(_("An administration nominates to its own region's candidate list."))
    if expert.kind != ExpertKind.CANDIDATE:
        raise DomainError(_("Only a regional candidate can be nominated to a candidate list."))
    if expert.candidate_topic_id is None:
        raise DomainError(_("Name the candidate's topic before nominating them."))
    if not expert.candidate_checklist_complete:
        raise DomainError(
            _(
                "The candidate does not yet meet the four requirements (expertise in the topic, fluency in "
                "English, experience in capacity building, knowledge of WCO instruments)."
            )
        )
    if CandidateListEntry.objects.filter(
        region=region, expert=expert, status__in=[NominationStatus.NOMINATED, NominationStatus.ACCEPTED]
    ).exists():
        raise ConflictError(_("This candidate is already nominated to or on this region's list."))
    entry = CandidateListEntry(
        region=region, expert=expert, nominated_by=administration, nominated_by_user=by, motivation=motivation
    )
    entry.full_clean()
    entry.save()
    expert.candidate_region = region
    expert.nominated_by = administration
    expert.save(update_fields=["candidate_region", "nominated_by", "updated_at"])
    return entry


@transaction.atomic
def candidate_decide(*, entry: CandidateListEntry, accept: bool, by: User, comment: str = "") -> CandidateListEntry:
    """The region's ROCB officer (or the Secretariat) accepts or rejects a nomination."""
    entry = (
        CandidateListEntry.objects.select_for_update(of=("self",)).select_related("expert__person").get(pk=entry.pk)
    )
    rules.check("decide_candidate", by, entry)
    to = NominationStatus.ACCEPTED if accept else NominationStatus.REJECTED
    if to not in NOMINATION_TRANSITIONS[entry.status]:
        raise ConflictError(
            _("This nomination was already decided (%(status)s).") % {"status": entry.get_status_display()}
        )
    if accept and not entry.expert.candidate_checklist_complete:
        raise DomainError(_("The candidate no longer meets the four requirements; they cannot be accepted."))
    if not accept and not (comment or "").strip():
        raise DomainError(_("Give the reason for rejecting the nomination."))
    entry.status = to
    entry.decided_by = by
    entry.decided_at = timezone.now()
    entry.decision_comment = (comment or "").strip()
    entry.full_clean()
    entry.save(update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"])
    return entry
