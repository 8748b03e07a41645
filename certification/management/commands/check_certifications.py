from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certification.selectors.consistency import impossible_states


class Command(BaseCommand):
    help = (
        "List certifications in impossible states (expiry before issue, active past "
        "expiry, a window open on a lapsed certification, ...). Exits non-zero when "
        "it finds any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Check as of this date (YYYY-MM-DD); default: today in TIME_ZONE.",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        problems = impossible_states(today=today)
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(
                f"{len(problems)} impossible state(s) found as of {today}."
            )
        self.stdout.write(self.style.SUCCESS(f"No impossible states as of {today}."))
