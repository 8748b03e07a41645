from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.schedules import PROJECT_APPS


class Command(BaseCommand):
    help = (
        "Create or refresh the demo site: Wagtail root, curriculum, demo users and "
        "their data. Safe to run again; editors' changes are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: refusing to seed demo data. "
                "Pass --allow-production if you really mean it."
            )
        # Each app contributes a demo.seed(stdout) step; lower layers run first.
        modules = []
        for label in PROJECT_APPS:
            try:
                module = import_module(f"{label}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{label}.demo":
                    raise
                continue
            modules.append(module)
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for module in modules:
            for line in getattr(module, "summary", list)():
                self.stdout.write(line)
