from django.core.management.base import BaseCommand

from core.steps import run_steps


class Command(BaseCommand):
    help = (
        "Install the site root, curriculum, rubric, sample cases, programs and "
        "settings. Creates no account. Safe to run again; editors' changes are kept."
    )

    def handle(self, *args, **options):
        run_steps("initial", "install", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Content is ready."))
