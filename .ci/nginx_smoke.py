"""Smoke test through nginx (run by .ci/nginx-smoke, which sets the environment).

Usage: nginx_smoke.py https://127.0.0.1:PORT http://127.0.0.1:HTTP_PORT
Exits non-zero with a message at the first thing that is wrong."""

import http.client
import re
import ssl
import sys
from datetime import date
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import django

PASSWORD = "smoke-Test-pass-2026"  # noqa: S105 (a throwaway account in a temp DB)


class Client:
    """Just enough of a browser: cookies, no redirects, any X-Forwarded-For."""

    def __init__(self, base):
        self.base = base
        url = urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.secure = url.scheme == "https"
        self.cookies = {}

    def request(self, method, path, *, data=None, forwarded_for=None):
        if self.secure:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the smoke test's self-signed cert
            conn = http.client.HTTPSConnection(
                self.host, self.port, context=context, timeout=30
            )
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)


def check(condition, message):
    if not condition:
        sys.exit(f"SMOKE FAILED: {message}")
    print(f"ok  {message}")


def prepare():
    """A trainee enrolled in YCPRT Skills and an active certificate to verify."""
    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from certification.models import Certification, CertificationProgram
    from content.models import CoursePage, LessonPage
    from training.roles import Role
    from training.services.learning import enrolment_create

    user = get_user_model().objects.create_user(
        email="smoke.trainee@example.org", password=PASSWORD, full_name="Smoke Trainee"
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    user.groups.add(Group.objects.get(name=Role.TRAINEE))
    course = CoursePage.objects.live().get(code="YCPRT")
    enrolment_create(user=user, course=course)
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    cert = Certification.objects.create(
        user=user,
        program=CertificationProgram.objects.get(code="prt-facilitator"),
        cycle=1,
        status=Certification.Status.ACTIVE,
        started_on=date(2026, 1, 1),
        issued_on=date(2026, 2, 1),
        expires_on=date(2099, 2, 1),
        window_opens_on=date(2098, 12, 1),
        grace_ends_on=date(2099, 4, 1),
    )
    return user.email, lesson, cert.verification_code


def csrf_token(client, path):
    page = client.get(path)
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(page.status == 200 and found, f"{path} offers a form over HTTPS")
    return found.group(1)


def main(base, plain):
    email, lesson, code = prepare()
    client = Client(base)

    live = client.get("/health/live")
    check(live.status == 200, "/health/live answers through nginx")
    check(
        re.fullmatch(r"[0-9a-f]{32}", live.headers.get("X-Request-ID", "")),
        "nginx's request id comes back in X-Request-ID",
    )
    ready = client.get("/health/ready")
    check(
        ready.status == 200 and '"vendor"' not in ready.text,
        "/health/ready: status only",
    )
    redirect = Client(plain).get("/accounts/login/")
    check(
        redirect.status == 301 and redirect.headers["Location"].startswith("https://"),
        "plain HTTP is sent to HTTPS",
    )

    token = csrf_token(client, "/accounts/login/")
    login = client.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        forwarded_for="198.51.100.200",
    )
    check(login.status == 302 and "sessionid" in client.cookies, "a trainee logs in")
    page = client.get(f"/learn/lessons/{lesson.pk}/")
    check(
        page.status == 200 and lesson.title in page.text, "the trainee opens a lesson"
    )

    public = Client(base)
    verified = public.get(f"/verify/{code}/")
    check(
        verified.status == 200 and "Active" in verified.text, "a certificate verifies"
    )

    # django-ratelimit: 30 checks a minute per address (VERIFY_RATE_LIMIT).
    many = [
        public.get("/verify/000000000000/", forwarded_for=f"203.0.113.{n}").status
        for n in range(1, 41)
    ]
    check(429 not in many, "40 addresses checking certificates do not share one limit")
    # Windows are fixed minutes, so a boundary may reset the count once: within 61
    # checks one address must be refused.
    one = []
    while 429 not in one and len(one) < 61:
        one.append(
            public.get("/verify/000000000000/", forwarded_for="192.0.2.10").status
        )
    check(
        set(one[:30]) == {404} and one[-1] == 429,
        f"one address is still limited (after {len(one) - 1} checks)",
    )
    other = public.get("/verify/000000000000/", forwarded_for="192.0.2.11").status
    check(other == 404, "while the next address is not")

    # allauth: 10 failed logins a minute per address.
    stranger = Client(base)
    token = csrf_token(stranger, "/accounts/login/")

    def fail(address, n):
        return stranger.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": f"typo{n}@example.org",
             "password": "wrong"},
            forwarded_for=address,
        ).text  # fmt: skip

    limited = [fail("192.0.2.20", n) for n in range(11)]
    check(
        "Too many failed login attempts" in limited[-1]
        and "Too many" not in limited[0],
        "allauth limits one address's failed logins",
    )
    check("Too many" not in fail("192.0.2.21", 99), "but not its neighbour's")
    print("nginx smoke test passed.")


if __name__ == "__main__":
    sys.path.insert(0, ".")
    main(sys.argv[1], sys.argv[2])
