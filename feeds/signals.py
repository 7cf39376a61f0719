"""What the aggregator tells other domains. ``feeds`` never imports its listeners.

``items_ingested``: an ingest committed new feed items. Sent after the commit, with ``source`` (the
``feeds.Source``) and ``item_ids`` (the new items' ids, duplicates of other sources' items included).
The taskforce's early warning listens to it to match new items against known false claims.
"""

from django.dispatch import Signal

items_ingested = Signal()
