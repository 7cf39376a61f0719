"""Listings and syndication: filtered, paginated indexes, their shared filters, RSS/Atom/JSON Feed and CSV exports."""
