"""The site's layout in a real browser: navigation per role, keyboard access, the
phone menu, the login form, error pages and the staff People page.

Every new page is also saved as a screenshot at desktop and phone width
(tests/browser/screenshots/) for a person to look at."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_fits_width,
    log_in,
    screenshot,
    shoot_both,
    totp_code,
)
from tests.conftest import PASSWORD
from training.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the authenticator user_factory gives program staff
EVERYONE = {"Home", "My learning", "Account", "Two-factor", "Log out"}
PLACES = {
    Role.TRAINEE: EVERYONE | {"Roundtables", "My observations", "My certification"},
    Role.CO_TRAINER: EVERYONE
    | {"Roundtables", "Observations", "Cohorts", "My certification"},
    Role.PROGRAM_STAFF: EVERYONE
    | {
        "Roundtables",
        "Observations",
        "Cohorts",
        "Certification",
        "People",
        "Content admin",
    },
    Role.EDITOR: EVERYONE | {"Content admin"},
}
ALL_PLACES = set().union(*PLACES.values())
HOME_SECTIONS = {
    Role.TRAINEE: "Your training",
    Role.CO_TRAINER: "Your co-training",
    Role.PROGRAM_STAFF: "Running the program",
    Role.EDITOR: "Content",
}


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def nav_places(page) -> set[str]:
    nav = main_nav(page)
    names = nav.get_by_role("link").all_inner_texts()
    names += nav.get_by_role("button").all_inner_texts()
    return {name.strip() for name in names}


# --- Navigation per role ------------------------------------------------------


@pytest.mark.parametrize("role", list(PLACES))
def test_each_role_sees_its_own_places(page, site_root, user_factory, role):
    user = user_factory(role=role, full_name="Robin Role")
    log_in(page, user.email, PASSWORD, totp_secret=TOTP_SECRET)

    expect(page).to_have_url(re.compile(r"/$"))
    assert nav_places(page) == PLACES[role]
    identity = page.locator(".identity")
    expect(identity).to_contain_text("Robin Role")
    expect(identity).to_contain_text(str(Role(role).label))
    for other in set(PLACES) - {role}:
        expect(identity).not_to_contain_text(str(Role(other).label))
    expect(main_nav(page).get_by_role("link", name="Home")).to_have_attribute(
        "aria-current", "page"
    )
    # The home page has the role's own section, and no other role's.
    for other, title in HOME_SECTIONS.items():
        expect(page.get_by_role("region", name=title, exact=True)).to_have_count(
            1 if other == role else 0
        )
    expect(
        page.get_by_role("main").get_by_role("link", name="People", exact=True)
    ).to_have_count(1 if role == Role.PROGRAM_STAFF else 0)


def test_anonymous_visitors_see_log_in_only(page, site_root):
    page.goto("/")
    assert nav_places(page) == {"Home", "Log in"}
    expect(page.locator(".identity")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("link", name="Log in")).to_be_visible()
    lang = page.locator("html").get_attribute("lang")
    assert lang and lang.startswith("en")


def test_log_out_is_a_post_that_signs_out(page, site_root, user_factory):
    user = user_factory(role=Role.TRAINEE)
    log_in(page, user.email, PASSWORD)
    main_nav(page).get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert nav_places(page) == {"Home", "Log in"}


# --- Keyboard and small screens -----------------------------------------------


def test_skip_link_is_the_first_tab_stop_and_focuses_main(page, site_root):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), "
        "document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Skip to main content", "#main"]
    outline = page.evaluate(
        "[getComputedStyle(document.activeElement).outlineStyle, "
        "getComputedStyle(document.activeElement).outlineWidth]"
    )
    assert outline == ["solid", "3px"]

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible_on_links(page, site_root):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the brand link, after the skip link
    style = page.evaluate(
        "(() => { const el = document.activeElement, s = getComputedStyle(el);"
        " return [el.className, s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style == ["brand", "solid", "3px"]


def test_phone_menu_button_opens_and_closes_the_navigation(new_page, site_root, staff):
    page = new_page(phone=True)
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    menu = page.get_by_role("button", name="Menu")
    people = main_nav(page).get_by_role("link", name="People")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(people).to_be_hidden()
    assert_fits_width(page)
    screenshot(page, "home-staff-phone-menu-closed")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(people).to_be_visible()
    box = people.bounding_box()
    assert box["height"] >= 44, "touch targets are at least 44px tall"
    screenshot(page, "home-staff-phone-menu-open")

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(people).to_be_hidden()


def test_navigation_works_without_javascript(browser, live_server, site_root):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(main_nav(page).get_by_role("link", name="Log in")).to_be_visible()
        assert_fits_width(page)
        screenshot(page, "home-anonymous-phone-no-js")
    finally:
        context.close()


def test_desktop_navigation_has_no_menu_button(page, site_root):
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(main_nav(page).get_by_role("link", name="Log in")).to_be_visible()


# --- Logging in ---------------------------------------------------------------


def test_login_page_reads_well(page, site_root):
    shoot_both(page, "/accounts/login/", "login")
    expect(page).to_have_title(re.compile(r"^Log in · Roundtable Academy$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_label("Email")).to_have_attribute("type", "email")
    expect(page.get_by_label("Password")).to_have_attribute(
        "aria-describedby", re.compile("_helptext")
    )
    expect(page.get_by_role("link", name="Forgot your password?")).to_be_visible()
    # Sign-up is closed by default: no sign-up link, but a word on how to get in.
    expect(page.locator("a[href*='/accounts/signup/']")).to_have_count(0)
    expect(page.get_by_text("Accounts are by invitation")).to_be_visible()


def test_staff_enter_their_authenticator_code(page, site_root, staff):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile("/accounts/2fa/authenticate/"))
    expect(page.get_by_label("Code")).to_have_attribute("autocomplete", "one-time-code")
    screenshot(page, "mfa-authenticate-desktop")
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    screenshot(page, "mfa-authenticate-phone")
    page.get_by_label("Code").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".identity")).to_contain_text("Stacy Staff")


def test_a_wrong_password_shows_a_clear_error(new_page, site_root, user_factory):
    user = user_factory(role=Role.TRAINEE)
    for phone in (False, True):
        page = new_page(phone=phone)
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Log in").click()

        error = page.get_by_role("alert")
        expect(error).to_contain_text("There is a problem")
        expect(error).to_contain_text("not correct")
        expect(error).to_be_focused()
        expect(page.get_by_label("Email")).to_have_value(user.email)
        expect(page).to_have_url(re.compile("/accounts/login/"))
        screenshot(page, f"login-error-{'phone' if phone else 'desktop'}")


# --- Home page ----------------------------------------------------------------


def test_home_page_for_visitors_and_signed_in(new_page, site_root, staff, trainee):
    shoot_both(new_page(), "/", "home-anonymous")
    page = new_page()
    log_in(page, trainee.email, PASSWORD)
    shoot_both(page, "/", "home-trainee")
    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    shoot_both(page, "/", "home-staff")


# --- Error pages --------------------------------------------------------------


def test_404_page_helps_people_back(page, site_root):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(page.get_by_role("link", name="Go to the home page")).to_have_attribute(
        "href", "/"
    )
    shoot_both(page, "/no-such-page/", "404")


def test_500_page_stands_alone(page, site_root):
    """500.html renders with no request, user or context processors, as Django's
    server_error view does, and still finds the stylesheet."""
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    page.goto("/accounts/login/")  # any page of ours, so /static/ resolves
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.set_content(html, wait_until="load")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Something went wrong on our side"
        )
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert background == "rgb(15, 92, 99)", "site.css is applied"
        screenshot(page, f"500-{suffix}")


def test_403_page_explains_the_missing_role(page, site_root, trainee):
    log_in(page, trainee.email, PASSWORD)
    response = page.goto("/people/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You don't have access to this page"
    )
    expect(page.get_by_role("main")).to_contain_text("Tess Trainee")
    shoot_both(page, "/people/", "403")


# --- Staff: People and invitations --------------------------------------------


def test_staff_invite_someone_and_they_accept(new_page, site_root, staff, trainee):
    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    main_nav(page).get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(main_nav(page).get_by_role("link", name="People")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("region", name="Table of people")).to_contain_text(
        "Tess Trainee"
    )

    # A mistake is shown by its field, tied to it for screen readers.
    invite = page.get_by_role("region", name="Invite someone")
    invite.get_by_label("Email address").fill("not-an-email")
    invite.get_by_role("button", name="Send invitation").click()
    email = page.locator("#id_email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile("id_email_error"))
    expect(page.locator("#id_email_error")).to_contain_text("valid email")
    screenshot(page, "people-invite-error-desktop")

    # A good invitation appears among the open ones.
    invite = page.get_by_role("region", name="Invite someone")
    invite.get_by_label("Email address").fill("new.person@example.com")
    invite.get_by_label("Role").select_option(label="Co-trainer")
    invite.get_by_label("Full name").fill("Nia Newcomer")
    invite.get_by_label("Agency").fill("County Children's Services")
    invite.get_by_label("Region").fill("North")
    invite.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Invitation sent to new.person@example.com."
    )
    open_invitations = page.get_by_role("region", name="Table of open invitations")
    row = open_invitations.get_by_role("row", name=re.compile("new.person@example.com"))
    expect(row).to_contain_text("Nia Newcomer")
    expect(row).to_contain_text("Co-trainer")
    expect(row).to_contain_text("Stacy Staff")
    expect(row.get_by_role("button", name=re.compile("Resend"))).to_be_visible()
    shoot_both(page, "/people/", "people")

    # The email says who invited them, to what role, and carries the link.
    (message,) = [m for m in mail.outbox if m.to == ["new.person@example.com"]]
    assert "Stacy Staff has invited you to join Roundtable Academy as Co-trainer" in (
        " ".join(message.body.split())
    )
    link = re.search(r"https?://\S+/invite/\S+/", message.body).group(0)
    html = message.alternatives[0][0]
    assert link in html
    email_page = new_page()
    email_page.set_content(html)
    screenshot(email_page, "email-invitation-desktop")
    email_page = new_page(phone=True)
    email_page.set_content(html)
    screenshot(email_page, "email-invitation-phone")

    # The invitee follows the link and joins.
    invitee = new_page()
    invitee.goto(urlsplit(link).path)
    expect(invitee.get_by_role("heading", level=1)).to_have_text(
        "Join Roundtable Academy as Co-trainer"
    )
    invitee.get_by_label("Choose a password").fill(PASSWORD)
    invitee.get_by_label("Type the password again").fill(PASSWORD)
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_role("status")).to_contain_text(
        "Welcome to Roundtable Academy"
    )
    expect(invitee.locator(".identity")).to_contain_text("Nia Newcomer")
    assert nav_places(invitee) == PLACES[Role.CO_TRAINER]


@pytest.fixture
def invitation_path(staff):
    """A live invitation's link, taken from the email the service sends (the token is
    only ever in that email)."""
    from training.services import accounts

    accounts.invitation_create(
        email="invitee@example.com",
        role=Role.TRAINEE,
        full_name="Ines Invitee",
        invited_by=staff,
    )
    (message,) = [m for m in mail.outbox if m.to == ["invitee@example.com"]]
    return urlsplit(re.search(r"https?://\S+/invite/\S+/", message.body).group(0)).path


def test_invitation_accept_page(page, site_root, invitation_path):
    shoot_both(page, invitation_path, "invitation-accept")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Join Roundtable Academy as Trainee"
    )
    email = page.get_by_label("Email address")
    expect(email).to_have_value("invitee@example.com")
    expect(email).to_have_attribute("readonly", "")
    expect(page.get_by_label("Full name")).to_have_value("Ines Invitee")
    expect(page.get_by_text("Your password must")).to_be_visible()

    # Mismatched passwords: the error sits by the second field.
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill("something else entirely")
    page.get_by_role("button", name="Create my account").click()
    again = page.get_by_label("Type the password again")
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_password2_error")).to_contain_text("do not match")
    screenshot(page, "invitation-accept-error-desktop")


def test_an_unusable_invitation_link_says_what_to_do(page, site_root):
    response = page.goto("/invite/no-such-token/")
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This invitation link can't be used"
    )
    expect(page.get_by_role("main")).to_contain_text("Ask the program staff")
    shoot_both(page, "/invite/no-such-token/", "invitation-invalid")


# --- allauth pages in our layout ----------------------------------------------


ACCOUNT_PAGES = {
    "/accounts/email/": "Email Addresses",
    "/accounts/password/change/": "Change Password",
    "/accounts/2fa/": "Two-Factor Authentication",
    "/accounts/logout/": "Log out",
}


def test_account_pages_render_in_our_layout(page, site_root, staff):
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    for path, heading in ACCOUNT_PAGES.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(main_nav(page)).to_be_visible()
        expect(page.locator(".site-footer")).to_be_visible()
    page.goto("/accounts/email/")
    expect(
        page.get_by_role("navigation", name="Account settings").get_by_role(
            "link", name="Email addresses"
        )
    ).to_have_attribute("aria-current", "page")
    for path in ("/accounts/email/", "/accounts/2fa/"):
        name = "account-" + (path.strip("/").split("/")[-1])
        shoot_both(page, path, name)


def test_password_reset_page_renders_in_our_layout(page, site_root):
    shoot_both(page, "/accounts/password/reset/", "password-reset")
    expect(page.get_by_role("heading", level=1)).to_have_text("Password Reset")
    expect(page.get_by_label("Email")).to_be_visible()


def test_a_trainee_sets_up_an_authenticator_app(new_page, site_root, trainee):
    for phone in (False, True):
        page = new_page(phone=phone)
        log_in(page, trainee.email, PASSWORD)
        page.goto("/accounts/2fa/totp/activate/")
        # allauth asks for the password again before security changes.
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
        screenshot(page, f"reauthenticate-{'phone' if phone else 'desktop'}")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Activate Authenticator App"
        )
        qr = page.get_by_role("img")
        expect(qr).to_be_visible()
        secret = page.get_by_label("Authenticator secret")
        expect(secret).to_have_attribute("readonly", "")
        if phone:
            assert_fits_width(page)
        screenshot(page, f"mfa-activate-{'phone' if phone else 'desktop'}")

    # Activate on the last page, then the recovery codes are shown in our layout.
    page.get_by_label("Authenticator code").fill(totp_code(secret.input_value()))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_load_state()
    page.goto("/accounts/2fa/recovery-codes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")
    expect(page.get_by_label("Unused codes")).to_be_visible()
    assert_fits_width(page)
    screenshot(page, "mfa-recovery-codes-phone")
