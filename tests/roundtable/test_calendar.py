import json
import pytest

def test_explore(world, db, client):
    out = {}
    for url in ["/api/v1/meetings/", "/api/v1/commitments/", "/api/v1/organisations/", "/fr/roundtable/calendar.ics"]:
        r = client.get(url)
        out[url] = r.json() if "api" in url else r.content.decode()
    open("/tmp/rt_explore.json", "w").write(json.dumps(out, indent=1, ensure_ascii=False))
    for url in ["/en/roundtable/", "/en/roundtable/2025-10-election-integrity/", "/en/roundtable/crisis-response-protocols/", "/en/roundtable/commitments/", "/en/roundtable/rss/", "/en/roundtable/atom/", "/en/roundtable/json/", "/en/roundtable/2025-10-election-integrity/minutes/print/", "/en/roundtable/2025-10-election-integrity/minutes.xml", "/en/roundtable/crisis-information/", "/en/roundtable/political-advertising-transparency/", "/fr/roundtable/", "/es/roundtable/"]:
        r = client.get(url)
        name = url.strip("/").replace("/", "_")
        open(f"/tmp/rt_{name}.out", "wb").write(r.content)
        print(url, r.status_code, r["Content-Type"])
    assert 0
