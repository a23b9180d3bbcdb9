"""HTML to PDF with WeasyPrint (needs Debian's pango: scripts/ensure-pango).

The print stylesheet is read from disk and nothing is fetched over the network: a
letter or an export never makes the server call a URL (no SSRF, no slow PDFs).

WeasyPrint's time grows with the text and, faster, with table rows and list items. A PDF
past PDF_MAX_CHARACTERS or PDF_MAX_ROWS (openmash/limits.py) is not made: the page says
so and points to the on-screen copy, rather than keeping a worker busy for minutes.
A letter's body is limited (LETTER_BODY_MAX), so a letter always fits.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NoReturn

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openmash.limits import PDF_MAX_CHARACTERS, PDF_MAX_ROWS

PRINT_CSS = Path(__file__).parent / "static" / "letters" / "print.css"
_TAG = re.compile(r"<[^>]*>")
_ROW = re.compile(r"<(?:tr|li)\b", re.IGNORECASE)


class TooLargeForPdf(Exception):
    """The document is past what a PDF may hold; show it on screen instead."""


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"PDFs fetch nothing: {url}")


def check_pdf_size(html: str) -> None:
    """Refuse, before any rendering, a document that would take more than a few seconds."""
    characters = len(_TAG.sub("", html))
    rows = len(_ROW.findall(html))
    if characters > PDF_MAX_CHARACTERS or rows > PDF_MAX_ROWS:
        raise TooLargeForPdf(f"{characters:,} characters and {rows:,} rows")


def html_to_pdf(html: str) -> bytes:
    check_pdf_size(html)
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # imported here: loading pango takes a moment, and only PDFs need it

    document = HTML(string=html, url_fetcher=_no_fetching)
    return document.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))]) or b""


def pdf_response(request: HttpRequest, html: str, *, filename: str, attachment: bool, on_screen: str) -> HttpResponse:
    """The PDF, or (too large) a page saying so with a link to the on-screen copy at `on_screen`."""
    try:
        pdf = html_to_pdf(html)
    except TooLargeForPdf:
        context = {"on_screen": on_screen, "max_characters": PDF_MAX_CHARACTERS, "max_rows": PDF_MAX_ROWS}
        return render(request, "pdf_too_large.html", context, status=422)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response
