from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import CoursePage
from core.forms import CsvUploadForm
from training.models import Attendance, Cohort
from training.roles import Role


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} ({obj.email})"


def _co_trainers():
    return (
        get_user_model()
        .objects.filter(groups__name=Role.CO_TRAINER, is_active=True)
        .order_by("full_name", "email")
    )


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Cohort.Kind.choices)
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.live().order_by("path"),
        empty_label=_("Choose a course"),
    )
    child_welfare_trainer = TrainerChoiceField(
        label=_("Child-welfare trainer"),
        queryset=_co_trainers(),
        empty_label=_("Choose a co-trainer"),
        help_text=_("Anyone with the Co-trainer role."),
    )
    lived_experience_trainer = TrainerChoiceField(
        label=_("Trainer with lived experience"),
        queryset=_co_trainers().filter(has_lived_experience=True),
        empty_label=_("Choose a co-trainer"),
        help_text=_("Co-trainers with lived experience of foster care."),
    )
    region = forms.CharField(label=_("Region"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        pair = data.get("child_welfare_trainer"), data.get("lived_experience_trainer")
        if all(pair) and pair[0] == pair[1]:
            self.add_error(
                "lived_experience_trainer",
                _("A co-trainer pair is two different people."),
            )
        return data

    @classmethod
    def initial_for(cls, cohort: Cohort) -> dict:
        return {
            "name": cohort.name,
            "kind": cohort.kind,
            "course": cohort.course_id,
            "child_welfare_trainer": cohort.child_welfare_trainer_id,
            "lived_experience_trainer": cohort.lived_experience_trainer_id,
            "region": cohort.region,
        }


class SessionForm(forms.Form):
    """A date and two clock times in the program's time zone, stored as UTC."""

    title = forms.CharField(label=_("Title"), max_length=150)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Address or room. Give a place, an online link, or both."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    def clean(self):
        data = super().clean()
        if {"date", "starts", "ends"} <= data.keys():
            zone = timezone.get_current_timezone()  # the program's time zone
            data["starts_at"] = datetime.combine(data["date"], data["starts"], zone)
            data["ends_at"] = datetime.combine(data["date"], data["ends"], zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("A session ends after it starts."))
        where = ("place", "online_url")
        if not any(data.get(f) for f in where) and not self.errors.keys() & set(where):
            self.add_error("place", _("Give a place, an online link, or both."))
        return data

    def session_values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "online_url": data["online_url"],
        }

    @classmethod
    def initial_for(cls, session) -> dict:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)
        return {
            "title": session.title,
            "date": starts.date(),
            "starts": starts.strftime("%H:%M"),
            "ends": ends.strftime("%H:%M"),
            "place": session.place,
            "online_url": session.online_url,
        }


class CohortImportForm(CsvUploadForm):
    help_text = _(
        "First row: email, name, agency, region. One person per row. Up to "
        "2,000 people and 1 MB."
    )


class AttendanceForm(forms.Form):
    """One present/absent/excused choice per member, pre-filled with the record."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[f"member_{row.member.pk}"] = forms.ChoiceField(
                label=row.member.get_full_name(),
                choices=Attendance.Status.choices,
                required=False,
                initial=row.status,
                widget=forms.RadioSelect,
            )

    def statuses(self) -> dict[int, str]:
        return {
            int(name.removeprefix("member_")): status
            for name, status in self.cleaned_data.items()
            if status
        }
