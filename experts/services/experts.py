"""Experts: create and change an expert (person and expert record), their own profile, and the
denormalised search columns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from experts import rules
from experts.models import Expert, ExpertLanguage
from wcocb.errors import ConflictError, DomainError, ForbiddenError
from wcocb.models import Language, MemberAdministration, Person, User
from wcocb.rules import is_secretariat
from wcocb.services import PROFILE_FIELDS

#: The person fields an expert's forms and services write.
PERSON_FIELDS = PROFILE_FIELDS
EXPERT_FIELDS = (
    "external_id",
    "kind",
    "is_serving",
    "biography",
    "photo",
    "external_justification",
    "candidate_topic",
    "candidate_region",
    "nominated_by",
    "candidate_topic_expertise",
    "candidate_english",
    "candidate_capacity_building",
    "candidate_wco_instruments",
)
#: What an expert may change on their own record.
OWN_PROFILE_FIELDS = ("email", "phone", "biography")


@dataclass(frozen=True)
class LanguageSkill:
    language: Language
    level: str


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    unknown = set(fields) - set(PERSON_FIELDS) - set(EXPERT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown expert fields: {', '.join(sorted(unknown))}")
    person = {key: value for key, value in fields.items() if key in PERSON_FIELDS}
    expert = {key: value for key, value in fields.items() if key in EXPERT_FIELDS}
    return person, expert


def _set_languages(expert: Expert, languages: Iterable[LanguageSkill]) -> None:
    wanted = {skill.language.pk: skill.level for skill in languages}
    expert.language_skills.exclude(language_id__in=wanted).delete()
    existing = {skill.language_id: skill for skill in expert.language_skills.all()}
    for language_id, level in wanted.items():
        skill = existing.get(language_id)
        if skill is None:
            skill = ExpertLanguage(expert=expert, language_id=language_id, level=level)
            skill.full_clean(exclude=["expert"])
            skill.save()
        elif skill.level != level:
            skill.level = level
            skill.full_clean(exclude=["expert"])
            skill.save(update_fields=["level"])


SEARCH_SQL = """
UPDATE experts_expert AS e SET
    search_vector =
        setweight(to_tsvector('simple', unaccent(p.first_name || ' ' || p.last_name)), 'A')
        || setweight(to_tsvector('simple', unaccent(coalesce((
            SELECT string_agg(a.code || ' ' || a.name_en || ' ' || a.name_fr || ' ' || a.name_es, ' ')
            FROM experts_accreditation ac JOIN experts_expertisearea a ON a.id = ac.area_id
            WHERE ac.expert_id = e.id AND ac.stage IN ('pre_assessed', 'first_step', 'fully_accredited')
        ), '') || ' ' || coalesce((
            SELECT c.code || ' ' || c.name_en FROM experts_expertisearea c WHERE c.id = e.candidate_topic_id
        ), ''))), 'B')
        || setweight(to_tsvector('simple', unaccent(p.current_post || ' ' || e.biography)), 'C'),
    search_name = left(p.first_name || ' ' || p.last_name, 210),
    search_tags = ARRAY(
        SELECT 'category:' || a.category
        FROM experts_accreditation ac JOIN experts_expertisearea a ON a.id = ac.area_id
        WHERE ac.expert_id = e.id AND ac.stage IN ('pre_assessed', 'first_step', 'fully_accredited')
        UNION
        SELECT 'region:' || r.code
        FROM wcocb_region r
        WHERE r.id = e.candidate_region_id
            OR r.id = (SELECT m.region_id FROM wcocb_memberadministration m WHERE m.id = p.administration_id)
        UNION
        SELECT 'language:' || l.code
        FROM experts_expertlanguage el JOIN wcocb_language l ON l.id = el.language_id
        WHERE el.expert_id = e.id
        ORDER BY 1
    )::varchar(40)[]
FROM wcocb_person AS p
WHERE p.id = e.person_id {where}
"""


#: The words of the names (lower case, unaccented, as the ``simple`` full-text configuration splits them) go
#: into the lexicon the typo search corrects against; a word stays when its last bearer goes (it then
#: corrects to a word that matches no one, which costs nothing).
NAME_WORDS_SQL = """
INSERT INTO experts_name_word (word)
SELECT DISTINCT left(w, 100)
FROM experts_expert AS e JOIN wcocb_person AS p ON p.id = e.person_id,
    regexp_split_to_table(lower(unaccent(p.first_name || ' ' || p.last_name)), '[^[:alnum:]]+') AS w
WHERE w <> '' {where}
ON CONFLICT DO NOTHING
"""


def expert_refresh_search(expert_ids: Sequence[int] | None = None) -> int:
    """Rebuild the full-text ``search_vector`` (name weight A, areas and candidate topic B,
    post and biography C; ``simple`` configuration with ``unaccent`` so names in any language
    match as written), ``search_name`` and ``search_tags`` (``category:ET`` per live accreditation's
    category, ``region:AP`` for the home and candidate regions, ``language:en``; the category,
    region and language filters match on them). Call it after changing an expert's name,
    administration, candidate region, languages or accreditations. ``None`` rebuilds every expert
    (after a bulk import). The words of the names join the typo search's lexicon. Edits of a person
    or an administration's region made outside this module reach it through the callbacks of
    :mod:`wcocb.services` (:func:`expert_person_changed`, :func:`expert_administration_moved`)."""
    where = "" if expert_ids is None else "AND e.id = ANY(%s)"
    params = [] if expert_ids is None else [list(expert_ids)]
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_SQL.format(where=where), params)
        refreshed = cursor.rowcount
        cursor.execute(NAME_WORDS_SQL.format(where=where), params)
        return refreshed


def expert_person_changed(person: Person) -> None:
    """After a person record changed elsewhere (reference pages, API, admin): check the expert's
    rules again (an RE keeps a home administration) and refresh their search columns."""
    expert = Expert.objects.select_for_update(of=("self",)).filter(person=person).first()
    if expert is None:
        return
    expert.person = person
    expert.full_clean(exclude=["person"])
    expert_refresh_search([expert.pk])


def expert_administration_moved(administration: MemberAdministration) -> None:
    """After an administration moved to another region: refresh its experts' ``region:`` tags."""
    ids = list(Expert.objects.filter(person__administration=administration).values_list("pk", flat=True))
    if ids:
        expert_refresh_search(ids)


@transaction.atomic
def expert_create(
    *, by: User, languages: Iterable[LanguageSkill] = (), person: Person | None = None, **fields: Any
) -> Expert:
    """Create an expert and, unless an existing ``person`` is given, their person record.

    ``fields`` are the person's (``first_name``, ``last_name``, ``gender``, ``nationality``,
    ``administration``, ``current_post``, ``email``, ``phone``) and the expert's (``kind``,
    ``is_serving``, ``biography``, ``external_justification``, candidate fields, ``external_id``).

    The Secretariat creates any expert. A member administration proposes regional candidates among
    its own officers: the kind must be ``candidate`` and the administration is always the member's
    own (whatever was sent); an existing ``person`` must be one of its officers."""
    rules.check("create_expert", by, fields.get("kind"))
    if not is_secretariat(by):
        if by.administration_id is None:
            raise DomainError(_("Your account is not linked to a member administration."))
        if person is not None:
            rules.check("propose_candidate", by, person.administration)
        fields["administration"] = by.administration
    person_fields, expert_fields = _split(fields)
    if person is None:
        person = Person(**person_fields)
    else:
        if Expert.objects.filter(person=person).exists():
            raise ConflictError(_("%(person)s is already an expert.") % {"person": person})
        for key, value in person_fields.items():
            setattr(person, key, value)
    person.full_clean()
    expert = Expert(person=person, **expert_fields)
    expert.full_clean(exclude=["person"])
    person.save()
    expert.person = person
    expert.save()
    _set_languages(expert, languages)
    expert_refresh_search([expert.pk])
    return expert


@transaction.atomic
def expert_update(
    *, expert: Expert, by: User, languages: Iterable[LanguageSkill] | None = None, **fields: Any
) -> Expert:
    """Change an expert's person and expert fields (Secretariat)."""
    rules.check("edit_expert", by, expert)
    return _update(expert=expert, languages=languages, **fields)


def _update(*, expert: Expert, languages: Iterable[LanguageSkill] | None, **fields: Any) -> Expert:
    expert = Expert.objects.select_for_update(of=("self",)).select_related("person").get(pk=expert.pk)
    person_fields, expert_fields = _split(fields)
    person = expert.person
    for key, value in person_fields.items():
        setattr(person, key, value)
    for key, value in expert_fields.items():
        setattr(expert, key, value)
    person.full_clean()
    expert.full_clean(exclude=["person"])
    person.save()
    expert.save()
    if languages is not None:
        _set_languages(expert, languages)
    expert_refresh_search([expert.pk])
    return expert


@transaction.atomic
def expert_update_own_profile(
    *,
    expert: Expert,
    by: User,
    languages: Iterable[LanguageSkill] | None = None,
    requested: Iterable[str] = (),
    **fields: Any,
) -> Expert:
    """An expert edits their own contact details (email, phone), languages and biography; nothing else.

    ``requested`` names every field the caller asked to change as sent (an API body's keys), so a
    field the own profile does not cover is refused by name even when the input serializer dropped
    it; those names are never passed on as arguments."""
    rules.check("edit_own_profile", by, expert)
    forbidden = (set(fields) | set(requested)) - set(OWN_PROFILE_FIELDS) - {"languages"}
    if forbidden:
        raise ForbiddenError(
            _("You may change only your contact details, languages and biography (not: %(fields)s).")
            % {"fields": ", ".join(sorted(str(name) for name in forbidden))}
        )
    return _update(expert=expert, languages=languages, **fields)
