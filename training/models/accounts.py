from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person on the platform; the email address is the login."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=150, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    has_lived_experience = models.BooleanField(
        _("has lived experience of foster care"),
        default=False,
        help_text=_(
            "Co-trainers with lived experience are paired with child-welfare trainers."
        ),
    )
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("Only for operators; program staff work in the site and Wagtail."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "A deactivated person cannot sign in and gets no reminders; their "
            "history stays."
        ),
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team",
        verbose_name=_("supervisor"),
        help_text=_(
            "Sees this person's certification deadlines and is copied on the "
            "reminders a program marks."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The site, emails and reminders reach this person in it."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]
        # Lists of people sorted by name (the dashboard, over 10,000 facilitators)
        # read this index in order and stop after a page instead of sorting all.
        indexes = [models.Index(fields=["full_name", "email"], name="user_by_name")]

    def __str__(self):
        return self.full_name or self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remembers the supervisor as loaded, so saving a new one tells both
        supervisors' kept "has a team" apart (training/signals.py)."""
        user = super().from_db(db, field_names, values)
        if "supervisor_id" in user.__dict__:
            user._loaded_supervisor_id = user.supervisor_id
        return user

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]

    # Wagtail's admin greets people by first name.
    @property
    def first_name(self):
        return self.get_short_name()

    @property
    def last_name(self):
        return " ".join(self.full_name.split()[1:])


class Invitation(models.Model):
    """A single-use, expiring link that lets someone set a password and join in a role.

    Only a hash of the token is stored, so a database leak does not leak live links.
    """

    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=150, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    cohort = models.ForeignKey(
        "training.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("cohort to join"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervisor once they join"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("account created"),
    )

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-created_at"]
        constraints = [
            # At most one open invitation per address.
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_open(self):
        return self.accepted_at is None and self.revoked_at is None

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at
