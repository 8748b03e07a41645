"""Content without people: load_content makes a working site with no account, and
create_program_staff lets the first person in through an invitation."""

import io
import re
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from certification.models import CertificationProgram, ObservationRules, Rubric
from content.models import CoursePage, HomePage
from simulations.models import RoundtableSettings, SampleCase
from tests.core.conftest import content_counts
from training.models import Invitation
from training.roles import Role

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def test_it_installs_the_content_and_creates_no_account(client, settings):
    settings.SITE_URL = "https://academy.example.org"
    Site.objects.all().delete()  # as a fresh `migrate` may leave Wagtail's welcome

    output = _load()

    assert get_user_model().objects.count() == 0
    home = HomePage.objects.live().get()
    site = Site.objects.get(is_default_site=True)
    assert (site.root_page_id, site.hostname, site.port) == (
        home.pk,
        "academy.example.org",
        443,
    )
    assert not Page.objects.filter(title__startswith="Welcome to your new").exists()
    assert set(CoursePage.objects.live().values_list("code", flat=True)) >= {
        "YCPRT",
        "VALUES",
        "T3",
    }
    assert Rubric.objects.filter(status=Rubric.Status.PUBLISHED).count() == 1
    assert SampleCase.objects.filter(live=True).count() == 6
    assert set(CertificationProgram.objects.values_list("code", flat=True)) == {
        "prt-facilitator",
        "ycprt-facilitator",
        "ycprt-co-trainer",
    }
    assert RoundtableSettings.objects.filter(site=site).exists()
    assert ObservationRules.objects.exists()
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert "Content is ready." in output
    # A working site: the home page, a course outline's login wall, verification.
    assert "Roundtable Academy" in client.get("/").content.decode()
    assert client.get("/accounts/login/").status_code == HTTPStatus.OK
    assert client.get("/verify/ABCDEF123456/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.xdist_group("content_site")  # one worker builds it once
class TestALoadedSite:
    """load_content run once for the class; each test starts from its result."""

    def test_running_it_again_changes_nothing_and_keeps_edits(self, content_site):
        home = HomePage.objects.get()
        home.intro = "<p>Edited by an editor.</p>"
        home.save_revision().publish()
        program = CertificationProgram.objects.get(code="prt-facilitator")
        program.name = "PRT Facilitator (state)"
        program.save()
        before = content_counts()

        _load()

        assert content_counts() == before
        assert HomePage.objects.get().intro == "<p>Edited by an editor.</p>"
        assert CertificationProgram.objects.get(code="prt-facilitator").name == (
            "PRT Facilitator (state)"
        )
        assert get_user_model().objects.count() == 0

    def test_the_first_program_staff_member_is_invited_by_email(
        self, content_site, client, django_capture_on_commit_callbacks
    ):
        out = io.StringIO()

        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "create_program_staff", "First.Staff@Example.org", "--full-name",
                "Dana First", stdout=out,
            )  # fmt: skip

        assert get_user_model().objects.count() == 0  # no account until they accept
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.role) == (
            "first.staff@example.org",
            Role.PROGRAM_STAFF,
        )
        assert "Invitation sent to first.staff@example.org" in out.getvalue()
        link = re.search(r"(/invite/[^/\s]+/)", mail.outbox[-1].body).group(1)
        password = "a-Long-staff-pass-2026"
        answers = {"password1": password, "password2": password}
        client.post(link, {"full_name": "Dana First", **answers})
        staff = get_user_model().objects.get()
        assert list(staff.groups.values_list("name", flat=True)) == [Role.PROGRAM_STAFF]


@pytest.mark.parametrize("email", ["not-an-email", ""])
def test_a_bad_address_is_refused_clearly(email):
    with pytest.raises(CommandError):
        call_command("create_program_staff", email, stdout=io.StringIO())
    assert not Invitation.objects.exists()


def test_an_existing_account_is_not_invited_again(user_factory):
    user_factory(email="taken@example.org")

    with pytest.raises(CommandError, match="already has an account"):
        call_command("create_program_staff", "taken@example.org", stdout=io.StringIO())
