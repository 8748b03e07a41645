from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.steps import run_steps


class Command(BaseCommand):
    help = (
        "load_content plus the demo people (a public password) and their data. "
        "Safe to run again; editors' changes are kept."
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
                "DEBUG is off: refusing to seed demo data. Production content comes "
                "from `manage.py load_content`; pass --allow-production if you really "
                "mean to add demo accounts."
            )
        run_steps("initial", "install", stdout=self.stdout)
        modules = run_steps("demo", "seed", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for module in modules:
            for line in getattr(module, "summary", list)():
                self.stdout.write(line)
