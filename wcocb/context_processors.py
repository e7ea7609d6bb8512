from django.conf import settings

from wcocb.navigation import menu_for, menu_groups_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_items": menu_for(user) if user is not None else [],
        "nav_menu": menu_groups_for(user) if user is not None else [],
        "LANGUAGES": settings.LANGUAGES,
    }
