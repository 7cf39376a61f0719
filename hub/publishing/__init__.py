"""Publishing: the review task, withdrawal of a published page, and the public page cache purged on publish."""
