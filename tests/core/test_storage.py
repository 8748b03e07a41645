"""Documents and images are served correctly whether uploads live on the file
system or in an S3-compatible bucket (the bucket is faked: its links are computed
locally by boto3, no network)."""

from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from wagtail.documents import get_document_model

S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": "academy-uploads",
        "endpoint_url": "https://s3.example.org",
        "access_key": "key",
        "secret_key": "secret",
        "location": "media",
        "querystring_auth": True,
        "querystring_expire": 3600,
        "default_acl": None,
    },
}


@pytest.fixture
def file_system(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    storages._storages = {}  # the handler caches backends by alias
    yield tmp_path
    storages._storages = {}


@pytest.fixture
def handout(db, file_system):
    Document = get_document_model()
    document = Document(title="Handout")
    document.file.save("handout.txt", ContentFile(b"Bring the plan."), save=False)
    document.save()
    return document


def test_a_document_on_the_file_system_is_streamed_by_the_serve_view(
    client, handout, settings
):
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"

    response = client.get(handout.url)

    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == b"Bring the plan."
    assert "attachment" in response["Content-Disposition"]


def test_a_document_in_a_bucket_redirects_to_a_signed_link(client, db, settings):
    settings.STORAGES = {**settings.STORAGES, "default": S3}
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    storages._storages = {}  # the handler caches backends by alias
    try:
        Document = get_document_model()
        # Name the stored file directly: saving would upload it.
        document = Document.objects.create(
            title="Handout", file="documents/handout.pdf"
        )

        response = client.get(document.url)
    finally:
        storages._storages = {}

    assert response.status_code == HTTPStatus.FOUND
    location = response["Location"]
    assert location.startswith(
        "https://s3.example.org/academy-uploads/media/documents/handout.pdf?"
    )
    assert "Signature=" in location or "X-Amz-Signature=" in location


def test_image_files_are_served_on_the_file_system_but_documents_never(
    client, db, file_system
):
    tmp_path = file_system
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "secret.pdf").write_bytes(b"%PDF")

    assert client.get("/media/images/a.png").status_code == HTTPStatus.OK
    assert client.get("/media/documents/secret.pdf").status_code == 404
    assert client.get("/media/images/../documents/secret.pdf").status_code == 404
