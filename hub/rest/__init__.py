"""The REST API kit domains build on: page serializers and viewsets, filters, pagination, schema hooks, and the
core's own topics and organisations endpoints. The router itself is wiring and lives in ``hub/api/``."""
