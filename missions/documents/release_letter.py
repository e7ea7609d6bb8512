"""The formal release letter (step 4) as a PDF, in English or French (stored by
:func:`missions.services.generate_release_letter`).

The letter is a document in the language chosen for it (``letter.language``), whatever the reader's
interface language, so its wording is kept here per language (``TEXT``) rather than in the UI
catalogues; dates use Django's localised formats for that language. It is laid out as HTML by the print
stylesheet of :mod:`wcocb.printing` (WeasyPrint), so no text can leave the A4 page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from experts.selectors.commitment import commitment_for
from missions.models import ReleaseLetter
from wcocb import printing

if TYPE_CHECKING:
    import datetime

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "org": "World Customs Organization",
        "directorate": "Capacity Building Directorate",
        "address": "Rue du Marché 30, B-1210 Brussels, Belgium",
        "ref": "Our reference",
        "to": "To",
        "dear": "Dear Sir or Madam,",
        "subject": "Request for the release of %(expert)s for a WCO mission",
        "intro": (
            "The World Customs Organization has received a request for support from %(requester)s. "
            "In accordance with the commitment made on the accreditation of WCO experts, we would be grateful "
            "if your administration would release %(expert)s to take part in the following mission, during "
            "which the expert acts on behalf of the WCO."
        ),
        "mission": "The mission",
        "kind": "Kind",
        "title": "Title",
        "requester": "Requesting administration",
        "dates": "Dates",
        "days": "%(days)s days",
        "mode": "Delivery",
        "role": "Role of the expert",
        "tor": "Terms of reference (summary of the objectives)",
        "commitment": "Release commitment",
        "commitment_text": (
            "%(used)s of %(cap)s working days used in the three years after accreditation (until %(end)s); "
            "%(remaining)s days remaining."
        ),
        "commitment_none": (
            "No release commitment applies to this expert (not fully accredited, or the period has ended)."
        ),
        "answer": "Your answer",
        "deadline": "We would be grateful for your answer by %(deadline)s.",
        "how": (
            "Please approve or decline the release, giving a reason if you decline, in the WCO Capacity Building "
            "portal: %(url)s"
        ),
        "close": "Yours faithfully,",
        "signature": "Capacity Building Directorate, World Customs Organization",
    },
    "fr": {
        "org": "Organisation mondiale des douanes",
        "directorate": "Direction du renforcement des capacités",
        "address": "Rue du Marché 30, B-1210 Bruxelles, Belgique",
        "ref": "Notre référence",
        "to": "À l'attention de",
        "dear": "Madame, Monsieur,",
        "subject": "Demande de mise à disposition de %(expert)s pour une mission de l'OMD",
        "intro": (
            "L'Organisation mondiale des douanes a reçu une demande d'appui de %(requester)s. Conformément à "
            "l'engagement pris lors de l'accréditation des experts de l'OMD, nous vous serions reconnaissants de "
            "bien vouloir mettre %(expert)s à disposition pour la mission suivante, pendant laquelle l'expert agit "
            "au nom de l'OMD."
        ),
        "mission": "La mission",
        "kind": "Type",
        "title": "Intitulé",
        "requester": "Administration requérante",
        "dates": "Dates",
        "days": "%(days)s jours",
        "mode": "Modalité",
        "role": "Rôle de l'expert",
        "tor": "Termes de référence (résumé des objectifs)",
        "commitment": "Engagement de mise à disposition",
        "commitment_text": (
            "%(used)s jours ouvrables utilisés sur %(cap)s dans les trois ans suivant l'accréditation "
            "(jusqu'au %(end)s) ; %(remaining)s jours restants."
        ),
        "commitment_none": (
            "Aucun engagement de mise à disposition ne s'applique à cet expert (accréditation incomplète ou "
            "période échue)."
        ),
        "answer": "Votre réponse",
        "deadline": "Nous vous serions reconnaissants de nous répondre d'ici le %(deadline)s.",
        "how": (
            "Veuillez approuver ou refuser la mise à disposition, en indiquant le motif d'un refus, sur le portail "
            "Renforcement des capacités de l'OMD : %(url)s"
        ),
        "close": "Veuillez agréer, Madame, Monsieur, l'expression de notre haute considération.",
        "signature": "Direction du renforcement des capacités, Organisation mondiale des douanes",
    },
}

#: French wording of the choices printed on the letter (the letter does not depend on UI catalogues).
FRENCH_LABELS: dict[str, str] = {
    "diagnostic": "Diagnostic",
    "strategic_advisory": "Appui consultatif stratégique",
    "tfa_scoping": "Cadrage AFE",
    "risk_diagnostic": "Diagnostic de la gestion des risques",
    "hr_diagnostic": "Diagnostic RH (PDDT)",
    "institutional_assessment": "Évaluation institutionnelle",
    "integrity_assessment": "Évaluation de l'intégrité",
    "training": "Formation / atelier",
    "field_evaluation": "Évaluation sur le terrain pour l'accréditation",
    "other": "Autre",
    "in_country": "Sur place",
    "remote": "À distance",
    "hybrid": "Hybride",
    "lead": "Chef d'équipe",
    "member": "Membre",
    "evaluator": "Évaluateur",
    "under_evaluation": "Expert en cours d'évaluation sur le terrain",
}


def _label(language: str, value: str, english: str) -> str:
    return FRENCH_LABELS.get(value, english) if language == "fr" else english


def _date(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "j F Y")


def _name(obj, language: str) -> str:
    return getattr(obj, f"name_{language}", "") or obj.name_en


def portal_url(letter: ReleaseLetter) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("missions:letter-list")


def letter_context(letter: ReleaseLetter) -> dict:
    """What the letter says, every text in the letter's language (``missions/documents/release_letter.html``)."""
    language = letter.language if letter.language in TEXT else "en"
    t = TEXT[language]
    assignment = letter.assignment
    request = assignment.request
    expert = assignment.expert
    person = expert.person
    home = person.administration
    requester = _name(request.administration, language)
    expert_name = person.full_name
    days = (assignment.end_date - assignment.start_date).days + 1
    dates = f"{_date(assignment.start_date, language)} \N{EN DASH} {_date(assignment.end_date, language)}"
    commitment = commitment_for(expert, as_of=assignment.start_date)
    if commitment is None or commitment.remaining is None:
        commitment_text = t["commitment_none"]
    else:
        commitment_text = t["commitment_text"] % {
            "used": commitment.used,
            "cap": commitment.cap,
            "end": _date(commitment.window_end, language),
            "remaining": commitment.remaining,
        }
    sent = (letter.sent_at or letter.created_at or letter.updated_at).date()
    return {
        "language": language,
        "t": t,
        "reference": f"{request.reference}/{letter.pk}",
        "sent": _date(sent, language),
        "addressee": _name(home, language) if home else "\N{EM DASH}",
        "subject": t["subject"] % {"expert": expert_name},
        "intro": t["intro"] % {"requester": requester, "expert": expert_name},
        "mission_rows": [
            (t["kind"], _label(language, request.kind, str(request.get_kind_display()))),
            (t["title"], request.title),
            (t["requester"], requester),
            (t["dates"], f"{dates} ({t['days'] % {'days': days}})"),
            (t["mode"], _label(language, request.delivery_mode, str(request.get_delivery_mode_display()))),
            (t["role"], f"{expert_name}: {_label(language, assignment.role, str(assignment.get_role_display()))}"),
        ],
        "objectives": request.objectives,
        "commitment": commitment_text,
        "deadline": t["deadline"] % {"deadline": _date(letter.deadline, language)},
        "how": t["how"] % {"url": portal_url(letter)},
    }


def render_release_letter(letter: ReleaseLetter) -> bytes:
    """The letter as PDF bytes, laid out by the print stylesheet (:mod:`wcocb.printing`)."""
    context = letter_context(letter)
    return printing.render_pdf(
        "missions/documents/release_letter.html",
        context,
        language=context["language"],
        title=context["subject"],
        author=context["t"]["org"],
    )
