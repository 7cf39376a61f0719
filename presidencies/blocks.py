"""Blocks for the presidency sections built from the blueprint."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PriorityBlock(blocks.StructBlock):
    """One priority of the presidency, with a short explanation."""

    title = blocks.CharBlock(label=_("Priority"), max_length=200)
    summary = blocks.RichTextBlock(label=_("Summary"), features=["bold", "italic", "link", "ul"])

    class Meta:
        template = "blocks/priority_block.html"
        icon = "pick"
        label = _("Priority")
        description = _("One of the presidency's priorities, with a short explanation.")
        preview_value = {
            "title": "Inclusive economic growth",
            "summary": "<p>Jobs, skills and fair access to the digital economy.</p>",
        }


class CalendarEventBlock(blocks.StructBlock):
    """A meeting or summit in the presidency's calendar."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    start = blocks.DateBlock(label=_("Start date"))
    end = blocks.DateBlock(label=_("End date"), required=False)
    location = blocks.CharBlock(label=_("Location"), max_length=200, required=False)
    track = blocks.ChoiceBlock(
        label=_("Track"),
        choices=[("leaders", _("Leaders")), ("sherpa", _("Sherpa track")), ("finance", _("Finance track"))],
        required=False,
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        template = "blocks/calendar_event_block.html"
        icon = "date"
        label = _("Event")
        description = _("A meeting or summit with its dates and place.")
        preview_value = {
            "title": "Leaders' Summit",
            "start": "2026-11-14",
            "end": "2026-11-15",
            "location": "Miami",
            "track": "leaders",
        }
