"""Showing a service's refusal to the person who asked.

Services refuse with a ``ValidationError``: a dict of field name to messages when the
fault is in one field, a plain list when it is about the whole request. Every view
shows it the same way through ``show_refusal``. Also the one CSV upload form that
every import uses."""

from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.csv import MAX_BYTES


def refusal_messages(error: ValidationError) -> dict[str, list[str]]:
    """The refusal as field name -> messages; a list-form error is ``__all__``."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def show_refusal(
    request,
    error: ValidationError,
    form=None,
    *,
    rename: Mapping[str, str] | None = None,
    others_to_page: bool = False,
) -> None:
    """Put ``error`` where the person will read it.

    With a bound ``form``, each message goes on the field it names (after
    ``rename``, for services whose argument is called otherwise than the form's
    field: ``{"password": "password1"}``, or ``{NON_FIELD_ERRORS: "file"}`` to pin
    a whole-request refusal on the upload), and on the form as a whole when the form
    has no such field. ``others_to_page`` sends those to the top of the page
    instead, for pages of several forms where the one posted may not be shown
    again (the roundtable console). Without a form, every message goes to the top
    of the page."""
    rename = rename or {}
    for name, errors in refusal_messages(error).items():
        name = rename.get(name, name)
        if form is not None and name in form.fields:
            form.add_error(name, errors)
        elif form is not None and not others_to_page:
            form.add_error(None, errors)
        else:
            for message in errors:
                messages.error(request, message)


class CsvUploadForm(forms.Form):
    """One CSV file of at most ``core.csv.MAX_BYTES``, read into bytes for the
    importer (``core.csv.read_table``); a subclass says in ``help_text`` what its
    rows hold."""

    help_text = ""

    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.help_text

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB; split it into smaller files.")
            )
        return upload.read()
