"""``POST /csp-report/``: Content Security Policy violations reported by browsers, logged.

Both report formats arrive here: the old ``report-uri`` one (``application/csp-report``, one
``{"csp-report": {...}}`` object) and the Reporting API's (``application/reports+json``, a list of
``{"type": "csp-violation", "body": {...}}``). Each violation is logged as one line of JSON on the
``hub.csp`` logger, with the fields an operator needs, each cut to ``FIELD_LIMIT`` characters and
ASCII-escaped, so a hostile report cannot forge log lines or flood the log. Per client address at
most ``CSP_REPORT_RATE`` reports are taken (429 beyond, nothing logged); bodies over ``MAX_BODY``
bytes are refused (413). Nothing is stored."""

import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hub.web.security import rate_limited

logger = logging.getLogger("hub.csp")

MAX_BODY = 16 * 1024
MAX_REPORTS = 20
FIELD_LIMIT = 500
CONTENT_TYPES = {"application/csp-report", "application/reports+json", "application/json"}
# Old format's keys and the Reporting API's, to one set of names.
FIELDS = {
    "document-uri": "document",
    "documentURL": "document",
    "violated-directive": "directive",
    "effective-directive": "directive",
    "effectiveDirective": "directive",
    "blocked-uri": "blocked",
    "blockedURL": "blocked",
    "source-file": "source",
    "sourceFile": "source",
    "line-number": "line",
    "lineNumber": "line",
    "column-number": "column",
    "columnNumber": "column",
    "disposition": "disposition",
    "status-code": "status",
    "statusCode": "status",
    "script-sample": "sample",
    "sample": "sample",
}


def _violations(payload) -> list[dict]:
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list):
        return [
            report["body"]
            for report in payload[:MAX_REPORTS]
            if isinstance(report, dict)
            and report.get("type") == "csp-violation"
            and isinstance(report.get("body"), dict)
        ]
    return []


def _summary(violation: dict) -> dict:
    summary = {}
    for key, name in FIELDS.items():
        value = violation.get(key)
        if value is None or name in summary:
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            continue
        summary[name] = str(value)[:FIELD_LIMIT]
    return summary


@csrf_exempt
@never_cache
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    content_type = request.content_type or ""
    if content_type not in CONTENT_TYPES:
        return HttpResponse(status=415)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY:
        return HttpResponse(status=413)
    if rate_limited(request, group="csp-report", rate=settings.CSP_REPORT_RATE):
        return HttpResponse(status=429)
    try:
        payload = json.loads(request.read(MAX_BODY + 1)[:MAX_BODY])
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: a few KB of nested brackets exhaust json's recursion limit.
        return HttpResponse(status=400)
    violations = _violations(payload)
    if not violations:
        return HttpResponse(status=400)
    for violation in violations:
        logger.warning("CSP violation %s", json.dumps(_summary(violation), ensure_ascii=True, sort_keys=True))
    return HttpResponse(status=204)
