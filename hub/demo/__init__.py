"""Demo content: the core's own pages (``content``) and the helpers every domain's ``demo.py`` uses."""
