from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from wcocb.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent) and the demo logins, one per role."

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                if config.name not in {"wcocb", *settings.DOMAIN_APPS}:
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(stdout=self.stdout)
                self.stdout.write(f"demo data loaded: {config.name}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label}")
