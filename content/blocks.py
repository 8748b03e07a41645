"""StreamField blocks for lessons and their knowledge checks."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock


class QuoteBlock(blocks.StructBlock):
    """A voice of lived experience; composite or with the speaker's consent."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Voice of lived experience")


class HandoutBlock(blocks.StructBlock):
    """A downloadable handout from Wagtail documents."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/handout_block.html"
        label = _("Handout")


def program_brainstorm_questions() -> list[str]:
    """The five questions the program's simulator runs on. They live in a higher
    layer (simulations' settings), which answers through this hook."""
    for answer in hooks.get_hooks("brainstorm_questions"):
        return answer()
    return []


class BrainstormQuestionsBlock(blocks.StructBlock):
    """The program's five brainstorm questions, read when the lesson renders, so
    the course teaches exactly the set the simulator and the workbook use."""

    note = blocks.TextBlock(label=_("Note after the questions"), required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["questions"] = program_brainstorm_questions()
        return context

    class Meta:
        icon = "help"
        template = "blocks/brainstorm_questions_block.html"
        label = _("The program's five questions")


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="blocks/text_block.html",
    )
    key_points = blocks.ListBlock(
        blocks.CharBlock(label=_("Point")),
        label=_("Key points"),
        template="blocks/key_points_block.html",
    )
    reflection = blocks.TextBlock(
        label=_("Reflection prompt"), template="blocks/reflection_block.html"
    )
    video = blocks.StructBlock(
        [
            ("embed", EmbedBlock(label=_("Video URL"))),
            ("transcript", blocks.TextBlock(label=_("Transcript"), required=False)),
        ],
        label=_("Video"),
        icon="media",
        template="blocks/video_block.html",
    )
    quote = QuoteBlock()
    handout = HandoutBlock()
    brainstorm_questions = BrainstormQuestionsBlock()


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)


class QuestionBlock(blocks.StructBlock):
    """One knowledge-check question; graded on the server, explanation shown after."""

    SINGLE, MULTIPLE = "single", "multiple"

    prompt = blocks.TextBlock(label=_("Question"))
    kind = blocks.ChoiceBlock(
        label=_("Answers"),
        choices=[(SINGLE, _("One correct answer")), (MULTIPLE, _("Several correct"))],
        default=SINGLE,
    )
    choices = blocks.ListBlock(AnswerChoiceBlock(), label=_("Choices"), min_num=2)
    explanation = blocks.TextBlock(label=_("Explanation shown after answering"))

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        wanted_one = value["kind"] == self.SINGLE
        if (wanted_one and correct != 1) or (not wanted_one and correct < 1):
            message = (
                _("Mark exactly one answer as correct.")
                if wanted_one
                else _("Mark at least one answer as correct.")
            )
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(message)}
            )
        return value
