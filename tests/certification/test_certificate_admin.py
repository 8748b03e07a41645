"""An admin people can read: a published rubric's items, levels and critical flags in
the Wagtail admin (read only), and certificates that carry the issuing agency, the
signatory (Settings → Certificates) and the co-trainers who observed the holder."""

import io
from datetime import date

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from certification.certificates import Signing, certificate_pdf
from certification.models import (
    CertificateSettings,
    Certification,
    CertificationProgram,
    Rubric,
    RubricItem,
)
from certification.selectors.programs import certificate_signing

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/certification/rubric/"
SETTINGS = "/admin/settings/certification/certificatesettings/"


@pytest.fixture
def published(db):
    rubric = Rubric.objects.create(name="Trainee Tool", status="published")
    RubricItem.objects.create(
        rubric=rubric,
        sort_order=0,
        group="welcome",
        code="sets-tone",
        text="Sets a youth-centred tone",
        critical=True,
        **{f"descriptor_{n}": f"Tone level {n}" for n in range(1, 5)},
    )
    RubricItem.objects.create(
        rubric=rubric,
        sort_order=1,
        group="plan",
        code="owners",
        text="Every step has an owner",
        na_allowed=True,
        **{f"descriptor_{n}": f"Owner level {n}" for n in range(1, 5)},
    )
    return rubric


def test_staff_read_a_published_rubric_with_its_items(client_for, staff, published):
    response = client_for(staff).get(f"{ADMIN}inspect/{published.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Sets a youth-centred tone",
        "Tone level 1",
        "Tone level 4",
        "Owner level 3",
        "Critical",
        "N/A allowed",
        "2 items",
        "frozen",
    ):
        assert text in page
    # Still no way to change it: editing a published version goes to this page.
    response = client_for(staff).get(f"{ADMIN}edit/{published.pk}/")
    assert response["Location"].endswith(f"inspect/{published.pk}/")


def test_people_without_the_permission_cannot_read_rubrics(
    client_for, editor, trainee, published
):
    url = f"{ADMIN}inspect/{published.pk}/"
    assert client_for(editor).get(url).status_code in (302, 403)
    assert client_for(trainee).get(url).status_code in (302, 403)


def test_staff_set_the_certificate_signatory_and_editors_cannot(
    client_for, staff, editor
):
    response = client_for(staff).get(SETTINGS, follow=True)
    assert response.status_code == 200
    assert b"Signatory" in response.content
    response = client_for(editor).get(SETTINGS, follow=True)
    assert b"Signatory" not in response.content


def png_bytes() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (60, 20), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def certified(trainee, co_trainer, lived_trainer):
    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    cert = Certification.objects.create(
        user=trainee,
        program=program,
        status=Certification.Status.ACTIVE,
        cycle=1,
        issued_on=date(2026, 1, 31),
        expires_on=date(2028, 1, 31),
    )
    cert.trained_by.add(co_trainer, lived_trainer)
    return cert


def test_the_certificate_names_agency_signatory_and_trainers(
    certified, django_assert_max_num_queries
):
    image = get_image_model().objects.create(
        title="Signature", file=ImageFile(io.BytesIO(png_bytes()), name="sig.png")
    )
    config = CertificateSettings.load()
    config.issuing_agency = "Cedar State Child Welfare Academy"
    config.signatory_name = "Dana Whitfield"
    config.signatory_title = "Director of Permanency Training"
    config.signature_image = image
    config.save()

    with django_assert_max_num_queries(3):
        signing = certificate_signing(certified)

    assert signing.agency == "Cedar State Child Welfare Academy"
    assert (signing.signatory, signing.title) == (
        "Dana Whitfield",
        "Director of Permanency Training",
    )
    assert signing.signature == png_bytes()
    assert signing.trainers == ["Cora Trainer", "Lee Voice"]
    with_all = certificate_pdf(certified, signing)
    plain = certificate_pdf(certified)
    assert with_all.startswith(b"%PDF") and len(with_all) > len(plain)


def test_an_unreadable_signature_image_still_prints_the_certificate(certified):
    signing = Signing(signatory="Dana Whitfield", signature=b"not an image")
    assert certificate_pdf(certified, signing).startswith(b"%PDF")


def test_the_holder_downloads_the_signed_certificate(client_for, trainee, certified):
    config = CertificateSettings.load()
    config.signatory_name = "Dana Whitfield"
    config.save()
    response = client_for(trainee).get(
        f"/certification/{certified.pk}/certificate.pdf"
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
