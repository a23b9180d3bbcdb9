"""Hub jargon that must be written out in a letter to a family.

A term from the glossary is allowed in a letter only where its meaning has already been
written out in full, before or at its first use ("the Multi-Agency Safeguarding Hub
(MASH)"). Otherwise the letter is refused, with the words to use instead.
"""

from __future__ import annotations

import re

DEFAULT_GLOSSARY: dict[str, str] = {
    "MASH": "Multi-Agency Safeguarding Hub",
    "CSC": "children's social care",
    "S47": "section 47 child protection enquiry",
    "S17": "section 17 child in need assessment",
    "EH": "Early Help",
    "CIN": "child in need",
    "CP": "child protection",
    "LADO": "Local Authority Designated Officer",
    "IDVA": "Independent Domestic Violence Advocate",
    "NFA": "no further action",
    "EDT": "Emergency Duty Team",
    "NRPF": "no recourse to public funds",
    "CAMHS": "Children and Young People's Mental Health Services",
    "DA": "domestic abuse",
    "SW": "social worker",
    "TAF": "Team Around the Family",
    "RAG": "red, amber or green rating",
}


def unexpanded(text: str, glossary: dict[str, str]) -> list[tuple[str, str]]:
    """Glossary terms used in `text` without their meaning written out before (or at) their first use."""
    found = []
    lowered = text.lower()
    for term, expansion in sorted(glossary.items()):
        flags = re.IGNORECASE if any(ch.isdigit() for ch in term) else 0
        match = re.search(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", text, flags)
        if match is None:
            continue
        at = lowered.find(expansion.lower())
        if at == -1 or at > match.start():
            found.append((term, expansion))
    return found
