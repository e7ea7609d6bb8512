"""Timeline entries recorded before system lines existed carry the platform's words in their comment, written in
the language active at the time ("Mission dates: 2027-04-12 to 2027-04-16", "Dates de la mission : du …",
"Maria Garcia: Available · selected"). Where the words are recognised (the formats and the English, French and
Spanish wordings the services used until now, kept below as they were), they move to ``data["system"]`` as
message ids and language-neutral values, and the comment keeps what the user wrote; the whole former comment is
kept in ``data["legacy_comment"]`` (the reverse migration puts it back). An entry whose words are not recognised
is left as it was: its comment is its text, shown as written.

Self-contained on purpose: the wordings and the line format are a snapshot, not imports of code that may change.
"""

import re

from django.db import migrations

LEGACY = "legacy_comment"
ARROW = "\N{RIGHTWARDS ARROW}"

#: The services' former messages and labels, in English (the message id), French and Spanish.
WORDINGS = {
    "Recorded on behalf of the ROCB: %(comment)s": (
        "Enregistré au nom du ROCB : %(comment)s",
        "Registrado en nombre de la ROCB: %(comment)s",
    ),
    "Mission dates: %(start)s to %(end)s": (
        "Dates de la mission : du %(start)s au %(end)s",
        "Fechas de la misión: del %(start)s al %(end)s",
    ),
    "%(expert)s released by the home administration (%(administration)s), as recorded by the Secretariat.": (
        "%(expert)s mis à disposition par l'administration d'origine (%(administration)s), selon l'enregistrement du "
        "Secrétariat.",
        "%(expert)s liberado por la administración de origen (%(administration)s), según lo registrado por la "
        "Secretaría.",
    ),
    "%(expert)s released by the home administration.": (
        "%(expert)s mis à disposition par l'administration d'origine.",
        "%(expert)s liberado por la administración de origen.",
    ),
    "Commitment overridden: %(reason)s": ("Engagement outrepassé : %(reason)s", "Compromiso anulado: %(reason)s"),
    "Report attachment: %(names)s": ("Pièce jointe du rapport : %(names)s", "Anexo del informe: %(names)s"),
    "selected": ("sélectionné", "seleccionado"),
    "deselected": ("désélectionné", "deseleccionado"),
    "booking released": ("réservation annulée", "reserva cancelada"),
    "days removed from the release commitment": (
        "jours retirés de l'engagement de mise à disposition",
        "días retirados del compromiso de liberación",
    ),
    "release letter withdrawn": (
        "lettre de demande de mise à disposition retirée",
        "carta de solicitud de liberación retirada",
    ),
    "positive": ("positive", "positiva"),
    "negative": ("négative", "negativa"),
}
LABELS = {
    "team_role": {
        "lead": ("Team leader", "Chef d'équipe", "Jefe de equipo"),
        "member": ("Member", "Membre", "Miembro"),
        "evaluator": ("Evaluator", "Évaluateur", "Evaluador"),
        "under_evaluation": (
            "Expert under field evaluation",
            "Expert en cours d'évaluation sur le terrain",
            "Experto en evaluación sobre el terreno",
        ),
    },
    "availability": {
        "unknown": ("Not asked yet", "Pas encore sollicité", "Aún no consultado"),
        "available": ("Available", "Disponible", "Disponible"),
        "not_available": ("Not available", "Non disponible", "No disponible"),
    },
    "document_kind": {
        "tor": ("Terms of reference", "Termes de référence", "Términos de referencia"),
        "agenda": ("Agenda", "Ordre du jour", "Orden del día"),
        "presentation": ("Presentation", "Présentation", "Presentación"),
        "background": ("Background material", "Documentation de référence", "Material de referencia"),
        "other": ("Other", "Autre", "Otro"),
    },
}
DATE = r"\d{4}-\d{2}-\d{2}"


# --- the line format of missions.selectors.timeline -------------------------------------------------------------
def message(msg, **params):
    return {"msg": msg, "params": params} if params else {"msg": msg}


def choice(name, value):
    return {"choice": name, "value": value}


def join(values, sep=", "):
    return {"join": list(values), "sep": sep}


# --- recognising the former words -------------------------------------------------------------------------------
def match(msgid, text, **patterns):
    """The values of ``text`` read as ``msgid`` in one of its three wordings (``None`` if it is none of them)."""
    for wording in (msgid, *WORDINGS.get(msgid, ())):
        regex = ""
        for part in re.split(r"(%\(\w+\)s)", wording):
            name = re.fullmatch(r"%\((\w+)\)s", part)
            regex += f"(?P<{name[1]}>{patterns.get(name[1], '.+?')})" if name else re.escape(part)
        found = re.fullmatch(regex, text, re.S)
        if found:
            return found.groupdict()
    return None


def word(text):
    """The message id of one of the former words (``None`` if it is none)."""
    for msgid, wordings in WORDINGS.items():
        if "%(" not in msgid and text in (msgid, *wordings):
            return msgid
    return None


def label(name, text):
    for value, labels in LABELS[name].items():
        if text in labels:
            return value
    return None


def split(comment):
    first, _, rest = comment.partition("\n")
    return first, rest


def expert_name(event, models):
    assignment = event.assignment
    if assignment is None and (event.data or {}).get("letter"):
        letter = models["ReleaseLetter"].objects.filter(pk=event.data["letter"]).select_related("assignment").first()
        assignment = letter.assignment if letter else None
    if assignment is None:
        return None
    person = models["Expert"].objects.select_related("person").get(pk=assignment.expert_id).person
    return f"{person.first_name} {person.last_name}".strip()


def administration_names(event, models):
    administration_id = (event.data or {}).get("on_behalf_of_id")
    administration = models["MemberAdministration"].objects.filter(pk=administration_id).first()
    if administration is None:
        return None
    return {"name": {language: getattr(administration, f"name_{language}") for language in ("en", "fr", "es")}}


def _dates(first):
    found = match("Mission dates: %(start)s to %(end)s", first, start=DATE, end=DATE)
    if found:
        return message(
            "Mission dates: %(start)s to %(end)s", start={"date": found["start"]}, end={"date": found["end"]}
        )
    return None


def _availability(event, first, models):
    name = expert_name(event, models)
    if not name or not first.startswith(f"{name}: "):
        return None
    answer, *more = first[len(name) + 2 :].split(" · ")
    value = label("availability", answer)
    if value is None:
        return None
    parts = [choice("availability", value)]
    for part in more:
        words = [word(piece) for piece in part.split(", ")]
        if None in words:
            return None
        parts.append(message(words[0]) if len(words) == 1 else join(message(w) for w in words))
    return message("%(expert)s: %(answer)s", expert=name, answer=join(parts, " · "))


def _team(first):
    members = []
    for item in first.split(", "):
        found = re.fullmatch(r"(?P<expert>.+) \((?P<role>[^()]+)\)", item)
        value = label("team_role", found["role"]) if found else None
        if value is None:
            return first  # the team as it was written
        members.append(message("%(expert)s (%(role)s)", expert=found["expert"], role=choice("team_role", value)))
    return join(members)


def _document(first, replaced):
    found = match("Report attachment: %(names)s", first)
    if found:
        return message("Report attachment: %(names)s", names=found["names"])
    kind, sep, title = first.partition(": ")
    value = label("document_kind", kind) if sep else None
    if value is None:
        return None
    if replaced:
        change = re.fullmatch(rf"(?P<title>.*) \((?P<change>[^()]* {ARROW} [^()]*)\)", title)
        if change:
            return message(
                "%(kind)s: %(title)s (%(change)s)",
                kind=choice("document_kind", value),
                title=change["title"],
                change=change["change"],
            )
    return message("%(kind)s: %(title)s", kind=choice("document_kind", value), title=title)


def _approval(event, first, models):
    overridden = "Commitment overridden: %(reason)s"
    reason = None
    for wording in (overridden, *WORDINGS[overridden]):
        marker = " " + wording.split("%(")[0]  # appended to the release line: " Commitment overridden: "
        if marker in first:
            first, reason = first.split(marker, 1)
            break
    on_behalf = "%(expert)s released by the home administration (%(administration)s), as recorded by the Secretariat."
    found = match(on_behalf, first)
    if found:
        administration = administration_names(event, models) or found["administration"]
        line = message(on_behalf, expert=found["expert"], administration=administration)
    else:
        found = match("%(expert)s released by the home administration.", first)
        if not found:
            return None
        line = message("%(expert)s released by the home administration.", expert=found["expert"])
    return [line] if reason is None else [line, message(overridden, reason=reason)]


def convert(event, models):
    """``(system lines, comment)`` for a former entry whose words are recognised, or ``None``."""
    comment, action = event.comment, event.action
    first, rest = split(comment)
    if action == "rocb_commented":
        found = match("Recorded on behalf of the ROCB: %(comment)s", comment)
        return ([message("Recorded on behalf of the ROCB.")], found["comment"]) if found else None
    if action in {"planned", "dates_set"}:
        line = _dates(first)
        return ([line], rest) if line else None
    if action in {"shortlisted", "release_requested", "briefed"}:
        return [first], rest  # the experts' names, on the first line
    if action == "team_formed":
        return [_team(first)], rest
    if action in {"document_uploaded", "document_replaced", "document_removed"}:
        line = _document(first, replaced=action == "document_replaced")
        return ([line], rest) if line else None
    if action in {"availability_recorded", "deselected"}:
        line = _availability(event, first, models)
        return ([line], rest) if line else None
    if action == "release_approved":
        lines = _approval(event, first, models)
        return (lines, rest) if lines else None
    if action in {"release_declined", "commitment_overridden"}:
        name = expert_name(event, models)
        if not name or not comment.startswith(f"{name}: "):
            return None
        msgid = "Release of %(expert)s declined." if action == "release_declined" else (
            "Release commitment of %(expert)s overridden."
        )
        return [message(msgid, expert=name)], comment[len(name) + 2 :]
    if action == "evaluation_recorded":
        name, sep, verdict = first.rpartition(": ")
        msgid = word(verdict) if sep else None
        if msgid not in {"positive", "negative"}:
            return None
        return [message("%(expert)s: %(answer)s", expert=name, answer=message(msgid))], rest
    return None


def forwards(apps, schema_editor):
    models = {
        "Expert": apps.get_model("experts", "Expert"),
        "ReleaseLetter": apps.get_model("missions", "ReleaseLetter"),
        "MemberAdministration": apps.get_model("wcocb", "MemberAdministration"),
    }
    MissionEvent = apps.get_model("missions", "MissionEvent")
    changed = []
    for event in MissionEvent.objects.exclude(comment="").select_related("assignment").order_by("pk").iterator():
        data = event.data if isinstance(event.data, dict) else {}
        if "system" in data or LEGACY in data:
            continue
        converted = convert(event, models)
        if converted is None:
            continue
        lines, comment = converted
        event.data = {**data, "system": lines, LEGACY: event.comment}
        event.comment = comment
        changed.append(event)
    MissionEvent.objects.bulk_update(changed, ["comment", "data"], batch_size=500)


def backwards(apps, schema_editor):
    MissionEvent = apps.get_model("missions", "MissionEvent")
    changed = []
    for event in MissionEvent.objects.filter(data__has_key=LEGACY).order_by("pk").iterator():
        data = dict(event.data)
        event.comment = data.pop(LEGACY)
        data.pop("system", None)
        event.data = data
        changed.append(event)
    MissionEvent.objects.bulk_update(changed, ["comment", "data"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0012_document_events"),
        ("experts", "0008_plausible_dates"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
