"""Demo logins, one per role. Each domain app adds its own demo data in ``<app>/demo.py``."""

from wcocb.choices import Role
from wcocb.models import MemberAdministration, Region, User

DEMO_PASSWORD = "wco-demo-2026"  # noqa: S105 - printed for the demo; never used in production

DEMO_USERS = [
    # username, role, first name, last name, scope
    ("admin", Role.SECRETARIAT, "Ada", "Admin", {"is_superuser": True, "is_staff": True}),
    ("secretariat", Role.SECRETARIAT, "Sofia", "Secretariat", {}),
    ("rocb-ap", Role.ROCB, "Rin", "Tanaka", {"region": "AP"}),
    ("member-th", Role.MEMBER, "Mali", "Srisuk", {"administration": "TH"}),
    # More home administrations, so the demo experts' release letters can be answered by their own people.
    ("member-ke", Role.MEMBER, "Wanjiru", "Kamau", {"administration": "KE"}),
    ("member-my", Role.MEMBER, "Aisyah", "Rahman", {"administration": "MY"}),
    ("member-vn", Role.MEMBER, "Lan", "Pham", {"administration": "VN"}),
    ("member-fr", Role.MEMBER, "Camille", "Durand", {"administration": "FR"}),
    ("expert", Role.EXPERT, "Emeka", "Okafor", {}),
    ("api-reader", Role.API_CLIENT, "Api", "Reader", {}),
]


def seed(stdout=None) -> list[tuple[str, str]]:
    """Create (or reset the password of) the demo users; returns (username, role label) pairs."""
    created = []
    for username, role, first, last, scope in DEMO_USERS:
        extra = dict(scope)
        if "region" in extra:
            extra["region"] = Region.objects.get(code=extra["region"])
        if "administration" in extra:
            extra["administration"] = MemberAdministration.objects.get(iso_code=extra["administration"])
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"role": role, "first_name": first, "last_name": last, "email": f"{username}@demo.wcocb.org"}
            | extra,
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        created.append((username, Role(role).label))
    return created
