"""Open Badges 3.0 credentials: signed as `vc+jwt` by the program's key, readable by
any JOSE library (PyJWT here; joserfc signs), shaped as the OpenBadgeCredential data
model, with a status-list bit that revocation sets; the verifier reports forged,
altered, foreign, expired and revoked credentials as such."""

import base64
import json
from datetime import date, timedelta
from http import HTTPStatus
from pathlib import Path

import jsonschema
import jwt
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from joserfc import jws
from joserfc.jwk import ECKey

from certification import credentials
from certification.services import lifecycle
from tests.certification.conftest import issue

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "open_badge_credential.json").read_text()
)
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-06-15T12:00:00-05:00", tick=True)


@pytest.fixture
def cert(trainee, program):
    return issue(trainee, program, issued_on=date(2026, 1, 10), today=TODAY)


def _download(client_for, person, cert):
    return client_for(person).get(f"/certification/{cert.pk}/credential.jwt")


def _public_key(client):
    keys = client.get("/credentials/issuer/jwks.json").json()["keys"]
    return jwt.PyJWK(keys[0]).key, keys[0]["kid"]


def _payload(token):
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _check(client, token):
    return client.post("/verify/", {"token": token}).content.decode()


def test_the_holder_downloads_a_credential_another_library_verifies(
    client, client_for, trainee, cert
):
    response = _download(client_for, trainee, cert)

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    key, kid = _public_key(client)
    assert jwt.get_unverified_header(token) == {
        "alg": "ES256",
        "typ": "vc+jwt",
        "kid": kid,
    }
    payload = jwt.decode(token, key, algorithms=["ES256"])
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["issuer"]["id"] == client.get("/credentials/issuer/").json()["id"]
    assert payload["credentialSubject"]["achievement"]["name"] == "PRT Facilitator"
    assert payload["validUntil"].startswith("2028-01-1")
    assert trainee.email not in token and trainee.email not in json.dumps(payload)


def test_the_credential_matches_the_open_badge_credential_schema(
    client_for, trainee, cert
):
    token = _download(client_for, trainee, cert).content.decode()

    jsonschema.validate(_payload(token), SCHEMA)


def test_the_hashed_email_identifies_the_holder_to_someone_who_knows_it(
    client_for, trainee, cert
):
    token = _download(client_for, trainee, cert).content.decode()
    identity = _payload(token)["credentialSubject"]["identifier"][0]

    expected = credentials.email_identity(trainee.email, identity["salt"])
    assert identity == expected


def test_revoking_sets_the_status_bit_and_the_verifier_says_so(
    client, client_for, trainee, staff, cert
):
    token = _download(client_for, trainee, cert).content.decode()
    index = int(_payload(token)["credentialStatus"]["statusListIndex"])
    key, _kid = _public_key(client)

    def listed_bit():
        status = jwt.decode(client.get("/credentials/status/").content, key, ["ES256"])
        encoded = status["credentialSubject"]["encodedList"]
        return credentials.bit_is_set(encoded, index)

    assert listed_bit() is False
    assert "Valid: issued by us" in _check(client, token)

    lifecycle.certification_revoke(
        certification=cert, revoked_by=staff, reason="Conduct."
    )

    assert listed_bit() is True
    page = _check(client, token)
    assert "Not valid" in page and "revoked" in page


def test_an_altered_credential_is_not_valid(client, client_for, trainee, cert):
    token = _download(client_for, trainee, cert).content.decode()
    head, body, signature = token.split(".")
    payload = _payload(token)
    payload["name"] = "Master Practitioner"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()

    page = _check(client, ".".join([head, forged.rstrip("="), signature]))

    assert "Not valid" in page and "does not match our key" in page


def test_a_credential_signed_by_another_key_is_not_valid(
    client, client_for, trainee, cert
):
    token = _download(client_for, trainee, cert).content.decode()
    other = ECKey.generate_key("P-256")
    resigned = jws.serialize_compact(
        {"alg": "ES256", "typ": "vc+jwt"},
        json.dumps(_payload(token)),
        other,
        algorithms=["ES256"],
    )

    assert "does not match our key" in _check(client, resigned)


def test_an_expired_credential_is_not_valid(client, trainee, program):
    old = issue(trainee, program, issued_on=date(2023, 1, 10), today=TODAY)
    facts = credentials.Facts(
        index=old.pk,
        code=old.verification_code,
        email=trainee.email,
        program_code=program.code,
        program_name=program.name,
        program_description="",
        issued_on=old.issued_on,
        expires_on=TODAY - timedelta(days=1),
    )

    page = _check(client, credentials.sign(credentials.credential(facts)))

    assert "Not valid" in page and "It expired on 2026-06-14" in page


@pytest.mark.parametrize(
    "upload",
    [b"", b"\x00\xff\xfe binary", b"not.a.jwt", b"a" * 70_000, "ü.ü.ü".encode()],
)
def test_malformed_uploads_get_a_clear_message(client, upload):
    response = client.post(
        "/verify/", {"upload": SimpleUploadedFile("c.jwt", upload)}, format="multipart"
    )

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Valid: issued by us" not in page
    assert any(
        words in page
        for words in (
            "not a credential",
            "too large",
            "Paste a credential",
            "does not match our key",
        )
    )


def test_only_the_holder_downloads_and_only_while_issued(
    client, client_for, trainee, trainee2, staff, program, cert
):
    url = f"/certification/{cert.pk}/credential.jwt"
    assert client.get(url).status_code == HTTPStatus.FOUND  # to log in
    for person in (trainee2, staff):
        assert _download(client_for, person, cert).status_code == HTTPStatus.NOT_FOUND
    started = lifecycle.pathway_start(user=trainee2, program=program)
    assert _download(client_for, trainee2, started).status_code == HTTPStatus.NOT_FOUND


def test_my_certification_offers_the_credential_and_linkedin(client_for, trainee, cert):
    page = client_for(trainee).get("/certification/").content.decode()

    assert f"/certification/{cert.pk}/credential.jwt" in page
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    assert f"certId={cert.verification_code}" in page


def test_without_a_key_in_production_no_credential_is_offered(
    settings, client, client_for, trainee, cert
):
    settings.DEBUG = False
    settings.CREDENTIAL_SIGNING_KEY = ""

    assert client.get("/credentials/issuer/").status_code == HTTPStatus.NOT_FOUND
    assert _download(client_for, trainee, cert).status_code == HTTPStatus.NOT_FOUND
    assert (
        "linkedin.com"
        not in client_for(trainee).get("/certification/").content.decode()
    )


def test_the_status_list_costs_one_query_however_many_are_revoked(
    client, trainee, program, user_factory, django_assert_num_queries
):
    for n in range(30):
        issue(
            user_factory(),
            program,
            issued_on=date(2024, 1, 1),
            today=TODAY,
            status="revoked" if n % 2 else None,
        )

    with django_assert_num_queries(1):
        client.get("/credentials/status/")
