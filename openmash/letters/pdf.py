"""HTML to PDF with WeasyPrint (needs Debian's pango: scripts/ensure-pango).

The print stylesheet is read from disk and nothing is fetched over the network: a
letter or an export never makes the server call a URL (no SSRF, no slow PDFs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

PRINT_CSS = Path(__file__).parent / "static" / "letters" / "print.css"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"PDFs fetch nothing: {url}")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # imported here: loading pango takes a moment, and only PDFs need it

    document = HTML(string=html, url_fetcher=_no_fetching)
    return document.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))]) or b""
