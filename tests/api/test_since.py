"""``?since=`` takes any ISO 8601 date-time Python reads, turned to UTC before the query (PostgreSQL refuses
offsets beyond ±15:59), and answers 400, never 500, to one that does not exist in UTC (the calendar's edges)."""

import pytest

ENDPOINTS = [
    "/api/v1/statements/",
    "/api/v1/debunks/",
    "/api/v1/sources/",
    "/api/v1/outlets/",
    "/api/v1/consultations/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_date_time_the_database_cannot_hold_answers_400_naming_since(client, endpoint, since):
    response = client.get(endpoint, {"since": since})
    assert response.status_code == 400, response.content[:300]
    assert "since" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "since",
    [
        "2026-01-01T00:00:00+14:00",
        "2026-01-01T00:00:00-12:00",
        "2026-01-01T00:00:00Z",
        # Beyond PostgreSQL's ±15:59 but a valid instant: turned to UTC first, so it is answered (it was a 500).
        "0320-05-31T12:36:34.5263+21:31",
    ],
)
def test_offsets_are_taken_as_the_instant_they_name(client, endpoint, since):
    assert client.get(endpoint, {"since": since}).status_code == 200
