"""A service's refusal lands where the person reads it: on the field it names, on the
form as a whole, or as a message at the top of the page."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage import default_storage
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import show_refusal


class SessionForm(forms.Form):
    title = forms.CharField()
    starts = forms.DateTimeField(required=False)
    file = forms.CharField(required=False)


@pytest.fixture
def request_(rf, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
    request = rf.post("/")
    request._messages = default_storage(request)
    return request


@pytest.fixture
def form():
    form = SessionForm({"title": "Day one"})
    assert form.is_valid()
    return form


def shown(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_a_field_error_goes_on_its_field(request_, form):
    show_refusal(request_, ValidationError({"title": "Too long."}), form)

    assert form.errors == {"title": ["Too long."]}
    assert "title" not in form.cleaned_data
    assert shown(request_) == []


def test_an_error_for_a_field_the_form_lacks_goes_on_the_whole_form(request_, form):
    error = ValidationError({"course": "Choose a published course."})

    show_refusal(request_, error, form)

    assert form.non_field_errors() == ["Choose a published course."]


def test_a_list_error_goes_on_the_whole_form(request_, form):
    show_refusal(request_, ValidationError(["Closed.", "Ask staff."]), form)

    assert form.non_field_errors() == ["Closed.", "Ask staff."]


def test_rename_maps_the_services_name_to_the_forms(request_, form):
    show_refusal(
        request_,
        ValidationError({"starts_at": "Ends before it starts."}),
        form,
        rename={"starts_at": "starts"},
    )

    assert form.errors == {"starts": ["Ends before it starts."]}


def test_a_whole_request_refusal_can_be_pinned_on_one_field(request_, form):
    show_refusal(
        request_,
        ValidationError("Nobody was imported."),
        form,
        rename={NON_FIELD_ERRORS: "file"},
    )

    assert form.errors == {"file": ["Nobody was imported."]}


def test_messages_keep_their_parameters(request_, form):
    error = ValidationError("%(email)s is taken.", params={"email": "a@example.org"})

    show_refusal(request_, ValidationError({"title": [error]}), form)

    assert form.errors["title"] == ["a@example.org is taken."]


def test_without_a_form_every_message_goes_to_the_top_of_the_page(request_):
    show_refusal(
        request_,
        ValidationError({"role": "Choose a role.", NON_FIELD_ERRORS: ["Closed."]}),
    )
    show_refusal(request_, ValidationError(["Locked.", "Try later."]))

    assert shown(request_) == ["Choose a role.", "Closed.", "Locked.", "Try later."]


def test_on_a_page_of_several_forms_the_rest_goes_to_the_top(request_, form):
    error = ValidationError({"title": "Too long.", "course": "Not published."})

    show_refusal(request_, error, form, others_to_page=True)
    show_refusal(
        request_, ValidationError("Record the goals first."), form, others_to_page=True
    )

    assert form.errors == {"title": ["Too long."]}
    assert shown(request_) == ["Not published.", "Record the goals first."]
