def only_public_api(endpoints):
    """drf-spectacular hook: document the public API only, not the admin's internal endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
