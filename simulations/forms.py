"""Input validation of the mock roundtable pages. Choices of participants, ideas and
steps come from the session already loaded for the page, so a form costs no query;
an id from another session is simply not a valid choice."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from simulations import rules
from simulations.models import (
    BarrierCategory,
    Goal,
    GoalType,
    Phase,
    Rating,
    Restrictiveness,
    Role,
    StepStatus,
)
from simulations.models.enums import GOAL_OF_RECORD_CHOICES

EMPTY = [("", "---------")]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Lookup(forms.ChoiceField):
    """A choice among objects already in memory; cleans to the object itself."""

    def __init__(self, objects, label_of, **kwargs):
        self.objects = {str(obj.pk): obj for obj in objects}
        super().__init__(
            choices=EMPTY + [(key, label_of(obj)) for key, obj in self.objects.items()],
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(value) if value else None


def _participant_label(participant) -> str:
    if participant.is_simulated:
        return str(participant.display_name)
    return f"{participant.display_name} — {participant.get_role_display()}"


class StartForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(forms.Form):
    """A co-trainer (or program staff) gives a trainee a mock roundtable.

    Co-trainers choose among the members of the cohorts they lead. Program staff,
    who may have thousands of trainees, type the trainee's email address instead;
    ``find_trainee(email)`` looks it up."""

    case = forms.ChoiceField(label=_("Case"))
    cohort = forms.ChoiceField(label=_("Cohort"), required=False)

    def __init__(
        self,
        *args,
        cases,
        cohorts,
        cohort_required,
        trainees=None,
        find_trainee=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = EMPTY + [(str(c.pk), c.title) for c in cases]
        self.fields["cohort"].choices = EMPTY + [(str(c.pk), c.name) for c in cohorts]
        self.fields["cohort"].required = cohort_required
        self.fields["cohort"].help_text = (
            _("The trainee must be a member of it; its members can take the seats.")
            if cohort_required
            else _("Optional: its members can then take the seats.")
        )
        if trainees is None:
            self.fields["facilitator"] = forms.EmailField(
                label=_("Trainee facilitator's email address")
            )
        else:
            self.fields["facilitator"] = forms.ChoiceField(
                label=_("Trainee facilitator"),
                choices=EMPTY
                + [(str(u.pk), f"{u.get_full_name()} ({u.email})") for u in trainees],
            )
        self.find_trainee = find_trainee
        self.lookup = {
            "case": {str(c.pk): c for c in cases},
            "cohort": {str(c.pk): c for c in cohorts},
            "facilitator": {str(u.pk): u for u in trainees or []},
        }

    def clean(self):
        data = super().clean()
        cleaned = {
            name: self.lookup[name].get(data.get(name) or "")
            for name in ("case", "cohort", "facilitator")
        }
        if self.find_trainee and data.get("facilitator"):
            cleaned["facilitator"] = self.find_trainee(data["facilitator"])
            if cleaned["facilitator"] is None:
                self.add_error(
                    "facilitator", _("Nobody with the trainee role has that address.")
                )
        return cleaned


class SeatForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=EMPTY + [c for c in Role.choices if c[0] != Role.FACILITATOR],
        required=False,
    )
    member = forms.ChoiceField(label=_("Cohort member"), required=False)
    name = forms.CharField(label=_("Or a name"), max_length=150, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(u.pk): u for u in members}
        self.fields["member"].choices = [("", _("Simulated (nobody)"))] + [
            (key, u.get_full_name()) for key, u in self.members.items()
        ]

    def clean_member(self):
        return self.members.get(self.cleaned_data["member"])


class BaseSeatFormSet(forms.BaseFormSet):
    def seats(self) -> list[dict]:
        return [
            {
                "role": f.cleaned_data["role"],
                "user": f.cleaned_data["member"],
                "name": f.cleaned_data["name"],
            }
            for f in self.forms
            if f.cleaned_data.get("role")
        ]


SeatFormSet = forms.formset_factory(
    SeatForm, formset=BaseSeatFormSet, extra=2, max_num=30, absolute_max=30
)


class AdvanceForm(forms.Form):
    """The phase the facilitator's page showed; a stale page is refused."""

    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)


class ChecklistForm(forms.Form):
    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    items = forms.TypedMultipleChoiceField(
        coerce=int, required=False, choices=[(str(n), str(n)) for n in range(20)]
    )


class AskForm(forms.Form):
    question = forms.CharField(max_length=64)


class ExitCriteriaForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Legal permanency status rating"), choices=EMPTY + Rating.choices
    )
    rating_no_consultation = forms.BooleanField(
        label=_("No consultation required (Very good or Good only)"), required=False
    )
    goal_of_record = forms.ChoiceField(
        label=_("Permanency goal of record"), choices=EMPTY + Goal.choices
    )
    concurrent_goal_of_record = forms.ChoiceField(
        label=_("Concurrent goal of record"), choices=EMPTY + GOAL_OF_RECORD_CHOICES
    )
    last_full_disclosure_on = forms.DateField(
        label=_("Date of the last full disclosure"), required=False, widget=DATE_INPUT
    )
    never_fully_disclosed = forms.BooleanField(
        label=_("The options were never fully disclosed"), required=False
    )
    youth_last_asked = forms.CharField(
        label=_("When the youth was last asked about permanency"), max_length=500
    )

    def clean(self):
        data = super().clean()
        problem = rules.concurrent_goal_problem(
            data.get("goal_of_record", ""), data.get("concurrent_goal_of_record", "")
        )
        if problem:
            self.add_error("concurrent_goal_of_record", problem)
        return data


class IdeaForm(forms.Form):
    question_number = forms.TypedChoiceField(
        label=_("Key question"),
        coerce=int,
        error_messages={
            "invalid_choice": _("There are five key questions; choose one of them.")
        },
    )
    text = forms.CharField(
        label=_("Idea"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, questions, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_number"].choices = [
            (n, f"{n}. {text}") for n, text in enumerate(questions, start=1)
        ]
        self.fields["offered_by"] = _Lookup(
            participants, _participant_label, label=_("Offered by"), required=False
        )


class GoalsForm(forms.Form):
    recommended_goal = forms.ChoiceField(
        label=_("Recommended permanency goal"), choices=EMPTY + Goal.choices
    )
    recommended_concurrent_goal = forms.ChoiceField(
        label=_("Recommended concurrent goal"), choices=EMPTY + GOAL_OF_RECORD_CHOICES
    )


class StepForm(forms.Form):
    description = forms.CharField(
        label=_("Action step"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_date = forms.DateField(label=_("Target date"), widget=DATE_INPUT)
    goal_type = forms.ChoiceField(
        label=_("Serves"), choices=GoalType.choices, initial=GoalType.PRIMARY
    )
    case_barrier = forms.ChoiceField(
        label=_("Barrier of the case it addresses"), required=False
    )
    barrier = forms.CharField(
        label=_("Or another barrier the team found"),
        max_length=500,
        required=False,
    )
    barrier_category = forms.ChoiceField(
        label=_("Category of that other barrier"),
        choices=EMPTY + BarrierCategory.choices,
        required=False,
    )
    engages_youth = forms.BooleanField(
        label=_("Engages the youth in the plan"), required=False
    )

    def __init__(
        self,
        *args,
        participants,
        ideas,
        latest_date=None,
        barriers=(),
        facilitator_may_own=True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        owners = [
            p
            for p in participants
            if not rules.step_owner_problem(
                p.role, facilitator_may_own=facilitator_may_own
            )
        ]
        self.fields["responsible"] = _Lookup(
            owners,
            _participant_label,
            label=_("Person responsible"),
            help_text=""
            if facilitator_may_own
            else _("Someone at the table other than the facilitator."),
            error_messages={
                "invalid_choice": _(
                    "Choose someone at the table other than the facilitator."
                )
            },
        )
        self.fields["case_barrier"].choices = EMPTY + [
            (b.id, f"{b.number}. {BarrierCategory(b.category).label}: {b.description}")
            for b in barriers
        ]
        self.fields["source_idea"] = _Lookup(
            ideas,
            lambda idea: f"Q{idea.question_number}: {idea.text[:80]}",
            label=_("From the brainstorm idea"),
            required=False,
        )
        if latest_date:
            self.fields["target_date"].help_text = _(
                "No later than %(date)s (six months after the roundtable)."
            ) % {"date": date_format(latest_date, "DATE_FORMAT")}
            self.fields["target_date"].widget.attrs["max"] = latest_date.isoformat()
        self.order_fields(
            [
                "description",
                "responsible",
                "target_date",
                "goal_type",
                "case_barrier",
                "barrier",
                "barrier_category",
                "source_idea",
                "engages_youth",
            ]
        )


def step_form_for(console, data=None, **kwargs) -> StepForm:
    """The step form of a session: its seats, ideas, date limit and case barriers."""
    return StepForm(
        data,
        participants=console.participants,
        ideas=console.ideas,
        latest_date=console.latest_target_date,
        barriers=rules.case_barriers(console.case),
        facilitator_may_own=console.roundtable.facilitator_may_own_steps,
        **kwargs,
    )


class DebriefForm(forms.Form):
    reflections = forms.CharField(
        label=_("Reflections"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The team's confidence in the plan and what they learned."),
    )
    process_feedback = forms.CharField(
        label=_("Process feedback"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What helped or hindered the roundtable."),
    )


class FollowUpForm(forms.Form):
    """The re-rating, plus a status and note field for each step of the plan."""

    rating = forms.ChoiceField(
        label=_("Legal permanency status now"), choices=EMPTY + Rating.choices
    )
    rating_no_consultation = forms.BooleanField(
        label=_("No consultation required (Very good or Good only)"), required=False
    )
    restrictiveness = forms.ChoiceField(
        label=_("Living setting now"),
        choices=EMPTY + Restrictiveness.choices,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = list(steps)
        for number, step in enumerate(self.steps, start=1):
            self.fields[f"status_{step.pk}"] = forms.ChoiceField(
                label=_("Status of step %(number)s") % {"number": number},
                choices=EMPTY + StepStatus.choices,
                required=not step.added_at_follow_up,
            )
            self.fields[f"note_{step.pk}"] = forms.CharField(
                label=_("Note on step %(number)s") % {"number": number},
                max_length=500,
                required=False,
            )

    def step_rows(self):
        """(step, status field, note field) for the template's table."""
        return [
            (step, self[f"status_{step.pk}"], self[f"note_{step.pk}"])
            for step in self.steps
        ]

    def statuses(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            step.pk: (data[f"status_{step.pk}"], data[f"note_{step.pk}"])
            for step in self.steps
            if data.get(f"status_{step.pk}")
        }
