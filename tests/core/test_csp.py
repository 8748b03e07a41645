"""Content-Security-Policy: strict on our pages (no inline script or style, so none
is allowed), relaxed only on the admin sites, whose editor needs inline code."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Content-Security-Policy"
# Email layouts are read by mail programs, not browsers under our policy.
EXEMPT = ("email",)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.I)
JSON_DATA = re.compile(r'type="application/(?:json|ld\+json)"', re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def _policy(response) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (d.split() for d in response[HEADER].split(";"))
    }


def _templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if not set(path.relative_to(ROOT / "templates").parts) & set(EXEMPT):
            yield path


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in _templates():
        text = path.read_text()
        scripts = [m for m in INLINE_SCRIPT.findall(text) if not JSON_DATA.search(m)]
        if scripts or INLINE_STYLE.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/verify/NOPE/"])
def test_public_pages_carry_a_strict_policy_and_no_inline_code(client, path):
    response = client.get(path)

    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response[HEADER]
    html = response.content.decode()
    assert not [m for m in INLINE_SCRIPT.findall(html) if not JSON_DATA.search(m)]
    assert not INLINE_STYLE.search(html)


def test_signed_in_pages_have_no_inline_code_either(client_for, trainee, site_root):
    response = client_for(trainee).get("/learn/")

    assert response.status_code == 200
    assert "'unsafe-inline'" not in response[HEADER]
    html = response.content.decode()
    assert not [m for m in INLINE_SCRIPT.findall(html) if not JSON_DATA.search(m)]
    assert not INLINE_STYLE.search(html)


def test_the_admin_sites_get_the_relaxed_policy(client_for, editor, site_root):
    response = client_for(editor).get("/admin/")

    assert response.status_code == 200
    policy = _policy(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
