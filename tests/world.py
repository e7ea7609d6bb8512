"""A world of owned records, the roles that look at it, who should see what, and every route.

Shared by the generated tests (``tests/test_isolation.py``, ``tests/test_query_counts.py``):

- :func:`build_world` creates two tenants, administration A (Thailand, Asia/Pacific) and
  administration B (Kenya, East and Southern Africa), each with an expert who has a user account,
  an accreditation, a deployment, an unavailability, a candidate on the region's list, a mission
  request with that expert released onto its team, the release letter, a document and a report;
  and the eight roles of the isolation test (:data:`ROLES`).
- :data:`VISIBILITY` says, per model and from the domain (``docs/architecture.md``, "Roles"), which
  role sees which tenant's rows. It is written by hand on purpose: it must not be derived from the
  ``ScopePolicy`` declarations it checks.
- :func:`api_routes` and :func:`page_routes` walk the URL resolver, so a new endpoint or page is
  tested without anyone adding it.

An app adds its models to the world in ``tests/<app>/world.py`` (loaded for every app of
``settings.DOMAIN_APPS``): a :func:`builder` (a function ``(tenant, clerk, copy=0) -> [records]``),
each model's rule in :data:`VISIBILITY`, and its pages' notes in :data:`PAGE_PK_MODELS`,
:data:`PAGE_ARGUMENTS`, :data:`PAGES_NOT_GENERATED` / :data:`API_NOT_GENERATED` (with a reason) and
:data:`DISCLOSED_BY_DESIGN`. ``tests/experts`` and ``tests/missions`` keep theirs here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

# --- Roles ---------------------------------------------------------------------------------------
SECRETARIAT = "secretariat"
ROCB_OTHER = "rocb_of_another_region"  # the ROCB of B's region: another region than A's
MEMBER_A = "member_of_A"
MEMBER_B = "member_of_B"
EXPERT_A = "expert_of_A"
EXPERT_B = "expert_of_B"
API_CLIENT = "api_client"
ANONYMOUS = "anonymous"
ROLES = [SECRETARIAT, ROCB_OTHER, MEMBER_A, MEMBER_B, EXPERT_A, EXPERT_B, API_CLIENT, ANONYMOUS]
#: The Django role of each test role (``wcocb.choices.Role`` values).
ROLE_OF = {
    SECRETARIAT: "secretariat",
    ROCB_OTHER: "rocb",
    MEMBER_A: "member",
    MEMBER_B: "member",
    EXPERT_A: "expert",
    EXPERT_B: "expert",
    API_CLIENT: "api_client",
    ANONYMOUS: None,
}
TENANT_OF = {ROCB_OTHER: "B", MEMBER_A: "A", MEMBER_B: "B", EXPERT_A: "A", EXPERT_B: "B"}

TENANTS = {"A": ("TH", "AP"), "B": ("KE", "ESA")}
#: A word that appears only in the tenant's expert-owned records (the expert's surname) and one only
#: in its mission records (the request's title): a response that shows one to a role that may not
#: see the record leaks it.
EXPERT_MARK = {"A": "Quorvath", "B": "Zelminde"}
MISSION_MARK = {"A": "Brightwater", "B": "Stonehollow"}


# --- Who sees what (the oracle) --------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """Which rows of a model each role sees. ``rocb``: "all" (every region's rows), "region" (rows of
    its own region), "none"; ``member``/``expert``: "own" (rows of their administration / their own
    rows) or "none"; ``api_client``: every row or none. The Secretariat sees everything; anonymous
    nothing. ``public``: reference data every signed-in role reads."""

    rocb: str = "region"
    member: str = "own"
    expert: str = "own"
    api_client: bool = True
    public: bool = False
    secretariat: bool = True  # False: a user's own credentials, which not even the Secretariat reads

    def sees(self, role: str, record: Record) -> bool:
        if role == ANONYMOUS:
            return False
        if self.public:
            return True
        if role == SECRETARIAT:
            return self.secretariat
        if role == API_CLIENT:
            return self.api_client
        tenant = TENANT_OF[role]
        if role == ROCB_OTHER:
            return self.rocb == "all" or (self.rocb == "region" and record.tenant == tenant)
        if role in (MEMBER_A, MEMBER_B):
            return self.member == "own" and record.tenant == tenant
        return self.expert == "own" and record.expert_owner == tenant


PUBLIC = Rule(public=True)
#: An expert's records: every ROCB sees every expert (they nominate and look for experts across
#: regions); a member administration sees its own officers; an expert sees their own.
EXPERT_RECORD = Rule(rocb="all")
#: A mission and what hangs off it: the ROCB of the beneficiary's region, the beneficiary
#: administration, the experts on the team.
MISSION_RECORD = Rule(rocb="region")

VISIBILITY: dict[str, Rule] = {
    "wcocb.Region": PUBLIC,
    "wcocb.MemberAdministration": PUBLIC,
    "wcocb.ROCB": PUBLIC,
    "wcocb.RTC": PUBLIC,
    "wcocb.Language": PUBLIC,
    "wcocb.Donor": PUBLIC,
    "wcocb.FundingSource": PUBLIC,
    "wcocb.Person": EXPERT_RECORD,
    "experts.Expert": EXPERT_RECORD,
    "experts.ExpertiseArea": PUBLIC,
    "experts.AccreditationWorkshop": PUBLIC,
    "experts.Accreditation": EXPERT_RECORD,
    "experts.Deployment": EXPERT_RECORD,
    "experts.Unavailability": EXPERT_RECORD,
    # A region's candidate list: its ROCB, the nominating administration, the candidate.
    "experts.CandidateListEntry": Rule(rocb="region"),
    "missions.MissionRequest": MISSION_RECORD,
    "missions.Assignment": MISSION_RECORD,
    # The letter asks the expert's home administration (here the tenant itself) for the release.
    "missions.ReleaseLetter": MISSION_RECORD,
    "missions.MissionDocument": MISSION_RECORD,
    "missions.MissionReport": MISSION_RECORD,
    "missions.PerDiemRate": PUBLIC,
    "missions.FlightCost": PUBLIC,
    # A user's own rows (here the expert's user): an import job its creator and the Secretariat see;
    # an API token only its owner.
    "wcocb.ImportJob": Rule(rocb="none", member="none", api_client=False),
    "wcocb.ApiToken": Rule(rocb="none", member="none", api_client=False, secretariat=False),
}


# --- Routes the generator needs told about (an app's world module adds its own) ----------------
#: What the generator cannot do, and why.
API_NOT_GENERATED = {
    "api/v1/": "the API root: links to the routes, no records",
    "api/v1/auth/token/": "the sign-in endpoint: anonymous by design (tests/wcocb/test_auth.py)",
    "api/schema/": "the OpenAPI schema: no records",
    "api/docs/": "the Swagger page: no records",
    "api/redoc/": "the ReDoc page: no records",
}
PAGES_NOT_GENERATED = {
    "healthz": "a health probe: no records, no user",
    "i18n/setlang/": "sets the language cookie: no records",
    "accounts/login/": "the sign-in form: anonymous by design (tests/wcocb/test_auth.py)",
    "accounts/logout/": "signs out the caller: no records",
    "accounts/password_change/": "the caller's own password (tests/wcocb/test_auth.py)",
    "accounts/password_change/done/": "a confirmation page",
    "accounts/password_reset/": "anonymous by design: a reset mail (tests/wcocb/test_auth.py)",
    "accounts/password_reset/done/": "a confirmation page",
    "accounts/reset/<uidb64>/<token>/": "a signed one-time link, not a record id",
    "accounts/reset/done/": "a confirmation page",
    "missions/ical/<str:token>.ics": "an expert's random feed key, not a record id "
    "(tests/missions/views/test_calendar_tokens.py)",
    "reference/<slug:table>/<int:pk>/edit/": "the pk names a row of the table in the slug: reference data only, "
    "Secretariat-only (tests/wcocb/test_reference_pages.py)",
}

#: Pages about the caller's own account, which every signed-in role (the API client too) writes.
OWN_ACCOUNT_PAGES = {
    "account/": "the caller's own API tokens: issued and revoked by their owner only (tests/wcocb/test_tokens.py)",
}

#: The model a page's ``<int:pk>`` names, by the page's URL prefix (the part before ``<int:pk>``).
PAGE_PK_MODELS = {
    "experts/": "experts.Expert",
    "experts/workshops/": "experts.AccreditationWorkshop",
    "experts/unavailabilities/": "experts.Unavailability",
    "experts/accreditations/": "experts.Accreditation",
    "experts/candidates/": "experts.CandidateListEntry",
    "missions/": "missions.MissionRequest",
    "missions/release-letters/": "missions.ReleaseLetter",
    "missions/letters/": "missions.ReleaseLetter",
    "missions/documents/": "missions.MissionDocument",
    "missions/rates/<str:kind>/": "missions.PerDiemRate",
    "reference/members/": "wcocb.MemberAdministration",
    "imports/": "wcocb.ImportJob",
    "history/<str:model>/": "*",  # any record: the history page of each world record
}
#: Values of the other URL arguments of a generated page.
PAGE_ARGUMENTS = {
    "action": {"missions/": "cancel", "experts/accreditations/": "withdraw"},
    "decision": {"experts/candidates/": "accept"},
    "answer": {"missions/release-letters/": "approve"},
    "kind": {"missions/rates/": "per-diem"},
    "table": {"reference/": "regions"},
}

#: Answers that show, by design, something of a record the role may not see otherwise, and why.
DISCLOSED_BY_DESIGN = {
    "experts/<int:pk>/": "an expert's deployment history names the missions they served on (its description), "
    "to everyone who sees the expert",
    "api/v1/deployments/": "the same deployment history in the API",
    "api/v1/deployments/{pk}/": "the same deployment history in the API",
    "api/v1/experts/export/": "the export lists each expert's deployments",
    "experts/export.csv": "the export lists each expert's deployments",
    "experts/export.xlsx": "the export lists each expert's deployments",
}


@dataclass
class Record:
    obj: Model
    tenant: str | None  # None: shared reference data
    expert_owner: str | None = None  # the tenant whose expert owns the row

    @property
    def label(self) -> str:
        return self.obj._meta.label

    def visible_to(self, role: str) -> bool:
        return VISIBILITY[self.label].sees(role, self)


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)

    def of(self, label: str) -> list[Record]:
        return [record for record in self.records if record.label == label]

    def labels(self) -> set[str]:
        return {record.label for record in self.records}

    def invisible_marks(self, role: str, *, deployment_titles: bool = False) -> list[str]:
        """The words a response to ``role`` must not contain. ``deployment_titles``: the answer shows
        the deployments of the experts ``role`` sees, which name their missions."""
        marks = []
        for tenant in TENANTS:
            expert = next(r for r in self.of("experts.Expert") if r.tenant == tenant)
            mission = next(r for r in self.of("missions.MissionRequest") if r.tenant == tenant)
            if not expert.visible_to(role):
                marks.append(EXPERT_MARK[tenant])
            if not mission.visible_to(role) and not (deployment_titles and expert.visible_to(role)):
                marks.append(MISSION_MARK[tenant])
        for more in MARKS:
            marks += more(self, role)
        return marks


#: ``(world, role) -> [word]`` functions: an app's own marker words that a response to ``role`` must not contain.
MARKS: list[Callable[[World, str], list[str]]] = []

#: ``(tenant, clerk) -> [Record]`` functions that put an app's records in the world.
BUILDERS: list[Callable[..., list[Record]]] = []


def builder(function: Callable[..., list[Record]]) -> Callable[..., list[Record]]:
    """Register ``function(tenant, clerk, copy=0) -> [Record]``; ``copy`` > 0 asks for one more set
    of the tenant's rows (the query-count test lists many), with unique names and keys."""
    BUILDERS.append(function)
    return function


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@builder
def _tenant_records(tenant: str, clerk, copy: int = 0) -> list[Record]:
    from experts import services as expert_services
    from experts.choices import ExpertKind, NominationStatus
    from experts.models import CandidateListEntry, ExpertiseArea
    from missions.models import MissionDocument, MissionReport
    from tests import factories
    from tests.experts.factories import UnavailabilityFactory
    from tests.missions import flow
    from tests.missions.factories import ExpertFactory, make_expert

    iso, _region = TENANTS[tenant]
    administration = factories.member(iso)
    suffix = f"-{copy}" if copy else ""
    expert_user = factories.ExpertUserFactory(username=f"world-expert-{tenant.lower()}{suffix}")
    expert = make_expert(administration=iso, user=expert_user)
    expert.person.last_name = EXPERT_MARK[tenant]
    expert.person.save(update_fields=["last_name"])
    mission, assignments = flow.team_formed(
        clerk, experts=[expert], administration=administration, title=f"{MISSION_MARK[tenant]} diagnostic"
    )
    assignment = assignments[0]
    deployment = expert_services.deployment_record(
        expert=expert, start_date=datetime.date(2024, 5, 6), end_date=datetime.date(2024, 5, 10), by=clerk
    )
    unavailability = UnavailabilityFactory(expert=expert)
    candidate = ExpertFactory(
        person__administration=administration,
        person__last_name=EXPERT_MARK[tenant],
        kind=ExpertKind.CANDIDATE,
        candidate_topic=ExpertiseArea.objects.order_by("pk").first(),
    )
    entry = CandidateListEntry.objects.create(
        region=administration.region,
        expert=candidate,
        nominated_by=administration,
        status=NominationStatus.NOMINATED,
    )
    document = MissionDocument.objects.create(
        request=mission, kind="tor", title="Terms", file=ContentFile(PDF, name="tor.pdf"), uploaded_by=clerk
    )
    report = MissionReport.objects.create(request=mission, purpose=f"{MISSION_MARK[tenant]} purpose")
    own = {"tenant": tenant, "expert_owner": tenant}
    return [
        Record(expert.person, **own),
        Record(expert, **own),
        Record(expert.accreditations.order_by("pk").first(), **own),
        Record(deployment, **own),
        Record(unavailability, **own),
        Record(candidate.person, tenant),
        Record(candidate, tenant),
        Record(entry, tenant),
        Record(mission, **own),
        Record(assignment, **own),
        Record(assignment.release_letter, **own),
        Record(document, **own),
        Record(report, **own),
    ]


@builder
def _shared_records(tenant: str, clerk, copy: int = 0) -> list[Record]:
    """Reference data and the tables the Secretariat keeps: one row of each, seen by every role."""
    if tenant != "A" or copy:
        return []
    from decimal import Decimal

    from experts.models import ExpertiseArea
    from missions.models import FlightCost, PerDiemRate
    from tests.experts.factories import WorkshopFactory
    from wcocb import models

    shared = [
        model.objects.order_by("pk").first()
        for model in (
            models.Region,
            models.MemberAdministration,
            models.ROCB,
            models.RTC,
            models.Language,
            models.Donor,
            models.FundingSource,
            ExpertiseArea,
        )
    ]
    thailand, kenya = models.MemberAdministration.objects.filter(iso_code__in=["TH", "KE"]).order_by("iso_code")
    shared += [
        WorkshopFactory(),
        PerDiemRate.objects.create(country=thailand, daily_amount=Decimal(180), valid_from=datetime.date(2020, 1, 1)),
        FlightCost.objects.create(
            origin=thailand, destination=kenya, fare=Decimal(900), valid_from=datetime.date(2020, 1, 1)
        ),
    ]
    return [Record(obj, None) for obj in shared if obj is not None]


@builder
def _user_records(tenant: str, clerk, copy: int = 0) -> list[Record]:
    """What a user owns: an import job they started and an API token (here of the tenant's expert)."""
    from django.contrib.auth import get_user_model

    from wcocb import services
    from wcocb.importing.choices import JobStatus
    from wcocb.importing.models import ImportJob

    suffix = f"-{copy}" if copy else ""
    user = get_user_model().objects.get(username=f"world-expert-{tenant.lower()}{suffix}")
    job = ImportJob.objects.create(
        kind="experts",
        filename="experts.csv",
        file=ContentFile(b"external_id,last_name\n", name="experts.csv"),
        status=JobStatus.SUCCEEDED,
        created_by=user,
    )
    token, _key = services.api_token_issue(user=user, by=user, name=f"script {tenant}{suffix}")
    own = {"tenant": tenant, "expert_owner": tenant}
    return [Record(job, **own), Record(token, **own)]


def build_world() -> World:
    from tests import factories

    world = World()
    clerk = factories.SecretariatFactory(username="world-clerk")
    world.users[SECRETARIAT] = clerk
    for tenant in TENANTS:
        for build in BUILDERS:
            world.records += build(tenant, clerk)
    world.users[ROCB_OTHER] = factories.RocbFactory(username="world-rocb-b", region=factories.region(TENANTS["B"][1]))
    for role, tenant in ((MEMBER_A, "A"), (MEMBER_B, "B")):
        world.users[role] = factories.MemberUserFactory(
            username=f"world-member-{tenant.lower()}", administration=factories.member(TENANTS[tenant][0])
        )
    for role, tenant in ((EXPERT_A, "A"), (EXPERT_B, "B")):
        world.users[role] = factories.UserFactory._meta.model.objects.get(username=f"world-expert-{tenant.lower()}")
    world.users[API_CLIENT] = factories.ApiClientFactory(username="world-api")
    world.users[ANONYMOUS] = None
    return world


def grow(world: World, copies: int) -> World:
    """Add ``copies`` more sets of each tenant's rows (so that every list has more than a page)."""
    clerk = world.users[SECRETARIAT]
    for copy in range(1, copies + 1):
        for tenant in TENANTS:
            for build in BUILDERS:
                world.records += build(tenant, clerk, copy)
    return world


# --- Writes ----------------------------------------------------------------------------------------
#: Tables a refused request may still write: the session, the login-attempt log.
BOOKKEEPING_TABLES = ("django_session", "axes_", "pghistory_context")
_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def writes(queries: CaptureQueriesContext) -> list[str]:
    """The data-changing statements ``queries`` captured, bookkeeping tables aside."""
    found = []
    for query in queries.captured_queries:
        match = _WRITE.match(query["sql"])
        if match and not match.group(2).startswith(BOOKKEEPING_TABLES):
            found.append(query["sql"][:200])
    return found


def capture() -> CaptureQueriesContext:
    return CaptureQueriesContext(connection)


# --- Routes from the URL resolver -------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    pattern: str  # readable: "api/v1/experts/{pk}/", "missions/<int:pk>/"
    url_pattern: URLPattern
    view: Any  # the view class (a viewset class for router routes)
    actions: dict[str, str] | None  # a viewset route's {method: action}
    name: str

    @property
    def methods(self) -> list[str]:
        if self.actions is not None:
            return sorted(self.actions)
        view = self.view
        if view is None:
            return ["get"]
        return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]

    @property
    def arguments(self) -> list[str]:
        return list(self.url_pattern.pattern.regex.groupindex)


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, URLPattern, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield prefix + str(entry.pattern), entry, name


def _readable(pattern: str) -> str:
    """``api/v1/^experts/(?P<pk>[^/.]+)/$`` -> ``api/v1/experts/{pk}/`` (a router's regex, made stable)."""
    pattern = pattern.replace("^", "").replace("$", "")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)


def routes() -> list[Route]:
    found = []
    for pattern, entry, name in _walk(get_resolver().url_patterns):
        if "format" in entry.pattern.regex.groupindex:
            continue  # a router's ".json" twin of a route listed already
        callback = entry.callback
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        found.append(Route(_readable(pattern), entry, view, getattr(callback, "actions", None), name))
    return found


def api_routes() -> list[Route]:
    return [route for route in routes() if route.pattern.startswith("api/")]


def page_routes() -> list[Route]:
    return [route for route in routes() if not route.pattern.startswith(("api/", "admin/"))]


def viewset_model(route: Route) -> str | None:
    """The model label a DRF view lists or shows, from its ``queryset`` or serializer."""
    view = route.view
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model._meta.label
    serializer = getattr(view, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    model = getattr(meta, "model", None)
    return model._meta.label if model is not None else None


def _load_app_worlds() -> None:
    """Each domain app's ``tests/<app>/world.py`` registers its builders, rules and route notes."""
    from importlib import import_module

    from django.conf import settings

    for app in settings.DOMAIN_APPS:
        try:
            import_module(f"tests.{app}.world")
        except ModuleNotFoundError as missing:
            if missing.name not in (f"tests.{app}", f"tests.{app}.world"):
                raise


_load_app_worlds()
