from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from training.roles import Role, sync_roles
from training.services.accounts import invitation_create


class Command(BaseCommand):
    help = (
        "Invite the first program staff member by email: they choose their own "
        "password from the link, then set up an authenticator app. No password ever "
        "passes through the command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--agency", default="")

    def handle(self, *args, email, full_name, agency, **options):
        sync_roles()  # the role must exist before anyone can accept it
        try:
            invitation = invitation_create(
                email=email,
                role=Role.PROGRAM_STAFF,
                invited_by=None,
                full_name=full_name,
                agency=agency,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Invitation sent to {invitation.email} (program staff); the link "
                f"works for {settings.INVITATION_VALID_DAYS} days. Check that "
                "EMAIL_URL and DEFAULT_FROM_EMAIL are set if it does not arrive."
            )
        )
