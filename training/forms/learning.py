import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


class KnowledgeCheckForm(forms.Form):
    """One field per question of a lesson's check (named by the question's block id)
    and a hidden submission key, so a double submit is recorded once. Grading is
    the service's job; this form only reads the choices."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, questions, *args, **kwargs):
        kwargs.setdefault("initial", {"submission_key": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            choices = [(choice.id, choice.text) for choice in question.choices]
            label = f"{number}. {question.prompt}"
            if question.multiple:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Select all that apply."),
                    error_messages={"required": _("Choose at least one answer.")},
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose an answer.")},
                )
            self.fields[self.field_name(question.id)] = field

    @staticmethod
    def field_name(question_id: str) -> str:
        return f"q-{question_id}"

    def question_fields(self):
        return [self[self.field_name(question.id)] for question in self.questions]

    def answers(self) -> dict[str, list[str]]:
        """Question id → chosen choice ids, from cleaned data."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data[self.field_name(question.id)]
            answers[question.id] = list(value) if question.multiple else [value]
        return answers


class ActivityForm(forms.Form):
    """A lesson page's activity ping: active seconds since the previous one."""

    seconds = forms.IntegerField(min_value=0, max_value=24 * 60 * 60)


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Search lessons"), max_length=200, required=False)
