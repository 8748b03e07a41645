from django.core.management.base import BaseCommand

from core.services import schedules_sync


class Command(BaseCommand):
    help = "Write the schedules declared in code to django-q2 (idempotent)."

    def handle(self, *args, **options):
        result = schedules_sync()
        self.stdout.write(
            "Schedules: {created} created, {updated} updated, "
            "{deleted} deleted.".format(**result)
        )
