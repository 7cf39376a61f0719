import io, time, re
import pytest
from hub import demo

@pytest.mark.django_db
def test_scratch(client):
    client.raise_request_exception = False
    t = time.time()
    demo.load(io.StringIO())
    print("LOAD", time.time() - t)
    qs = ["<script>alert(1)</script>", "' OR 1=1 --", "'", '"unbalanced', "\x00", "a\x00b", "présidence", "presidence", "日本語", "AND", "OR", "NOT", "*", "%", "_", "\\", "x" * 201, "-", '"', "()", "G20", "about\"", "a'b", "NEAR", "^", ":", "{", "abc*"]
    for q in qs:
        for lang in ("en", "fr"):
            r = client.get(f"/{lang}/search/", {"q": q})
            c = r.content.decode()
            print(repr(q)[:30], lang, r.status_code, re.findall(r'result__title"><a href="([^"]+)', c), "<script>alert" in c)
    for p in ["abc", "999", "-1", "0", "1.5"]:
        r = client.get("/en/search/", {"q": "G20", "page": p})
        print(p, r.status_code)
    r = client.get("/en/search/?q=%00")
    print("raw null", r.status_code)
