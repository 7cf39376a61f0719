"""Pages and blocks: the StreamField blocks, the page form, per-request page lookups and page addresses every
page type builds on (the page models themselves are in ``hub/models.py``, where Django looks for them)."""
