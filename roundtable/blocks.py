"""Blocks of the roundtable: structured minutes (one per agenda item), consultation questions and
the "you said, we did" response."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

MINUTES_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ActionItemBlock(blocks.StructBlock):
    """Something a participant agreed to do. Marked as a commitment, it enters the public tracker
    when the minutes are published."""

    text = blocks.TextBlock(label=_("Action"), max_length=1000)
    owner = SnippetChooserBlock("hub.Organisation", label=_("Owner organisation"))
    due_date = blocks.DateBlock(label=_("Due date"), required=False)
    is_commitment = blocks.BooleanBlock(
        label=_("Track as a public commitment"),
        required=False,
        default=True,
        help_text=_("Commitments are listed in the public tracker once the minutes are published."),
    )

    class Meta:
        template = "roundtable/blocks/action_item.html"
        icon = "tick"
        label = _("Action item")
        description = _("Who does what, by when.")
        preview_value = {"text": "Publish a transparency report on political advertising.", "is_commitment": True}


class MinutesItemBlock(blocks.StructBlock):
    """The minutes of one agenda item: what was discussed, what was decided, who does what."""

    title = blocks.CharBlock(label=_("Agenda item"), max_length=250)
    discussion = blocks.RichTextBlock(label=_("Summary of the discussion"), features=MINUTES_FEATURES)
    decisions = blocks.ListBlock(blocks.TextBlock(max_length=1000), label=_("Decisions"), required=False)
    action_items = blocks.ListBlock(ActionItemBlock(), label=_("Action items"), required=False)

    def full_text_source(self, raw: dict) -> str:
        """The item for the API and feeds: title, discussion, decisions and action items (owners are in the
        API's ``items``; naming them here would cost a query per item)."""

        def values(items) -> list:
            return [item.get("value") if isinstance(item, dict) and "value" in item else item for item in items or []]

        decisions = [text for text in values(raw.get("decisions")) if text]
        actions = [action.get("text") for action in values(raw.get("action_items")) if action.get("text")]
        parts = [format_html("<h2>{}</h2>", raw.get("title") or ""), raw.get("discussion") or ""]
        for heading, texts in ((_("Decisions"), decisions), (_("Action items"), actions)):
            if texts:
                items = format_html_join("", "<li>{}</li>", ((text,) for text in texts))
                parts.append(format_html("<h3>{}</h3><ul>{}</ul>", heading, items))
        return "".join(str(part) for part in parts)

    class Meta:
        template = "roundtable/blocks/minutes_item.html"
        icon = "list-ul"
        label = _("Minutes of an agenda item")
        description = _("Discussion summary, decisions and action items for one agenda item.")
        preview_value = {
            "title": "Election integrity",
            "discussion": "<p>Participants reviewed the year's elections.</p>",
            "decisions": ["The roundtable adopts the incident-reporting template."],
        }


class MinutesBlock(blocks.StreamBlock):
    item = MinutesItemBlock()

    class Meta:
        template = "roundtable/blocks/minutes.html"
        icon = "doc-full"
        label = _("Minutes")
        description = _("The structured minutes, in agenda order.")


class QuestionBlock(blocks.StructBlock):
    """A question of a consultation. Each answer is stored with the question's text as it was asked."""

    question = blocks.CharBlock(label=_("Question"), max_length=500)
    help_text = blocks.CharBlock(label=_("Help text"), max_length=500, required=False)
    required = blocks.BooleanBlock(label=_("An answer is required"), required=False, default=False)
    max_length = blocks.IntegerBlock(
        label=_("Longest answer (characters)"), min_value=100, max_value=20000, default=5000
    )

    class Meta:
        template = "roundtable/blocks/question.html"
        icon = "help"
        label = _("Question")
        description = _("A question the submission form asks.")
        preview_value = {"question": "What should platforms publish about their moderation?", "max_length": 5000}


class ResponseBlock(blocks.StructBlock):
    """One "you said, we did" pair: what submissions asked, and what the roundtable did about it."""

    you_said = blocks.TextBlock(label=_("You said"), max_length=2000)
    we_did = blocks.RichTextBlock(label=_("We did"), features=MINUTES_FEATURES)

    class Meta:
        template = "roundtable/blocks/response.html"
        icon = "openquote"
        label = _("You said, we did")
        description = _("What the submissions asked and what the roundtable did about it.")
        preview_value = {"you_said": "Publish the minutes faster.", "we_did": "<p>Minutes now follow in 30 days.</p>"}
