"""What the fact-check database tells other domains. ``factchecks`` never imports its listeners.

``debunk_published``: a debunk (or a translation of it) went live, first time or again. Sent after the
commit with ``page`` (the specific ``DebunkPage``). The taskforce refreshes its claim signatures on it.
"""

from django.dispatch import Signal

debunk_published = Signal()
