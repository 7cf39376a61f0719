"""The web layer: security headers and client address, health, search and error views, sitemap, hosts, locale
middleware, widgets of public forms and storage-failure handling of uploads."""
