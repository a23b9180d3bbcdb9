"""The access policy as a table: who may do what to which record, written out without the rule code.

`rules.py` implements the policy; this table states it. The access-matrix test
(`openmash/accounts/tests/test_access_matrix.py`) builds every kind of record in
every state in two hubs, asks the rules for every role of every agency, and
compares each answer with this table. docs/access.md shows the same table
(`python manage.py access_policy` prints it; a test keeps the two in step).

Two things hold before the table is read:

1. **Another hub**: a practitioner acting in one hub may do nothing to another
   hub's records (they are not even found).
2. **Access ended**: a membership that has been ended may do nothing, from the
   very next request.

Then the first row whose action, kind, state and relation match gives the answer
for each role. `*` matches anything, and `draft*` anything starting `draft`.

Roles: MGR hub manager, SW MASH social worker, QL quality lead (read only),
ADM hub administrator, EH Early Help practitioner, PTN partner-agency
practitioner (police, health, education, housing...).

Relation: how the practitioner's agency (or the practitioner) stands to the record.
- `author`: the practitioner recorded this draft contact.
- `asked`: their agency has a request about the case that is not withdrawn
  (sent, acknowledged, submitted or "unable to respond").
- `withdrawn`: their agency was asked, but the request was withdrawn.
- `own`: the request is to their agency; the answer (or item) is their agency's.
- `present`, `apologies`: their agency is recorded present at the meeting, or sent apologies;
  `present+asked` at the meeting and asked about this case.
- `none`: none of these.

States: a contact's status; a request's lifecycle status; an answer's `draft`,
`submitted` or `withdrawn` (submitted to a request since withdrawn); an item's
sensitivity (`plain`, `nfd` not for disclosure, `therapeutic`); and, where the
hub's configuration changes the answer, `/shared` (the hub shares analyses with
every agency on the case) or `/unshared`, and for the hub itself
`managers-decide` (decisions reserved to managers) or `workers-decide`.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

ROLES = ("MGR", "SW", "QL", "ADM", "EH", "PTN")

POLICY_TABLE = """
action                kind          state                 relation       MGR SW  QL  ADM EH  PTN
# The hub's own pages: they depend on the role alone (and the hub's configuration).
take_contact          hub           *                     *              Y   Y   .   .   .   .
triage                hub           *                     *              Y   Y   .   .   .   .
see_queue             hub           *                     *              Y   Y   Y   .   .   .
request_information   hub           *                     *              Y   Y   .   .   .   .
decide                hub           managers-decide       *              Y   .   .   .   .   .
decide                hub           workers-decide        *              Y   Y   .   .   .   .
resolve_challenge     hub           *                     *              Y   .   .   .   .   .
see_referrer_identity hub           *                     *              Y   Y   .   .   .   .
configure_hub         hub           *                     *              Y   .   .   Y   .   .
search_people         hub           *                     *              Y   Y   .   .   .   .
review_identity       hub           *                     *              Y   Y   .   .   .   .
see_agency_queue      hub           *                     *              .   .   .   .   Y   Y
review_break_glass    hub           *                     *              Y   .   .   .   .   .
review_retention      hub           *                     *              Y   .   .   .   .   .
set_retention         hub           *                     *              Y   .   .   Y   .   .
mark_records          hub           *                     *              Y   Y   .   .   .   .
run_meetings          hub           *                     *              Y   Y   .   .   .   .
see_meetings          hub           *                     *              Y   Y   Y   .   .   .
list_meetings         hub           *                     *              Y   Y   Y   .   Y   Y
# The family's side (consent, sharing decisions, telling the family, letters): the hub's case roles;
# the rules themselves are configuration an administrator reads too; subject access is a manager's.
see_family_side       hub           *                     *              Y   Y   Y   .   .   .
see_sharing_rules     hub           *                     *              Y   Y   Y   Y   .   .
subject_access        hub           *                     *              Y   .   .   .   .   .
# Contacts. A draft is its author's; partners never open the contact itself.
view_contact          contact       draft                 author         Y   Y   .   .   .   .
view_contact          contact       draft                 *              .   .   .   .   .   .
view_contact          contact       early_help            *              Y   Y   Y   .   Y   .
view_contact          contact       *                     *              Y   Y   Y   .   .   .
challenge             contact       *                     asked          .   .   .   .   Y   Y
challenge             contact       *                     *              .   .   .   .   .   .
step_up               contact       early_help            *              .   .   .   .   Y   .
step_up               contact       *                     *              .   .   .   .   .   .
# Information requests: the hub's readers see all; an agency only its own, not once withdrawn.
view_request          request       withdrawn             *              Y   Y   Y   .   .   .
view_request          request       *                     own            Y   Y   Y   .   Y   Y
view_request          request       *                     *              Y   Y   Y   .   .   .
answer_request        request       sent                  own            .   .   .   .   Y   Y
answer_request        request       acknowledged          own            .   .   .   .   Y   Y
answer_request        request       submitted             own            .   .   .   .   Y   Y
answer_request        request       *                     *              .   .   .   .   .   .
# Agencies' answers: a draft is the agency's alone; others' answers only where the hub shares them.
view_contribution     contribution  withdrawn*            *              Y   Y   Y   .   .   .
view_contribution     contribution  draft*                own            .   .   .   .   Y   Y
view_contribution     contribution  draft*                *              .   .   .   .   .   .
view_contribution     contribution  *                     own            Y   Y   Y   .   Y   Y
view_contribution     contribution  submitted/shared      asked          Y   Y   Y   .   Y   Y
view_contribution     contribution  *                     *              Y   Y   Y   .   .   .
# Items of a submitted answer. Restricted items (not for disclosure, therapy) are behind a reason
# prompt for everyone but the agency that wrote them: "break the glass".
view_item             item          *                     own            Y   Y   Y   .   Y   Y
view_item             item          plain/shared          asked          Y   Y   Y   .   Y   Y
view_item             item          plain*                *              Y   Y   Y   .   .   .
view_item             item          *                     *              .   .   .   .   .   .
break_glass           item          plain*                *              .   .   .   .   .   .
break_glass           item          *                     own            .   .   .   .   .   .
break_glass           item          */shared              asked          Y   Y   Y   .   Y   Y
break_glass           item          *                     *              Y   Y   Y   .   .   .
# Decisions and challenges.
view_decision         decision      *                     asked          Y   Y   Y   .   Y   Y
view_decision         decision      early_help            *              Y   Y   Y   .   Y   .
view_decision         decision      *                     *              Y   Y   Y   .   .   .
view_challenge        challenge     early_help            *              Y   Y   Y   .   Y   .
view_challenge        challenge     *                     *              Y   Y   Y   .   .   .
# Meetings: an agency sees a meeting it attended, and in it only the cases it was asked about.
view_meeting          meeting       *                     present*       Y   Y   Y   .   Y   Y
view_meeting          meeting       *                     *              Y   Y   Y   .   .   .
view_agenda_item      agenda_item   *                     present+asked  Y   Y   Y   .   Y   Y
view_agenda_item      agenda_item   *                     *              Y   Y   Y   .   .   .
# People: "who has seen this child's record?" is for the hub manager.
see_record_history    person        *                     *              Y   .   .   .   .   .
"""


@dataclass(frozen=True)
class Row:
    action: str
    kind: str
    state: str
    relation: str
    allowed: frozenset[str]  # the roles the row allows
    line: int

    def matches(self, action: str, kind: str, state: str, relation: str) -> bool:
        return (
            self.action == action
            and self.kind == kind
            and fnmatch.fnmatchcase(state, self.state)
            and fnmatch.fnmatchcase(relation, self.relation)
        )


def _parse(text: str) -> list[Row]:
    rows = []
    lines = text.strip().splitlines()
    header = lines[0].split()
    if tuple(header[4:]) != ROLES:
        raise ValueError(f"The policy table's role columns must be {ROLES}")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        action, kind, state, relation, *cells = line.split()
        if len(cells) != len(ROLES) or set(cells) - {"Y", "."}:
            raise ValueError(f"Policy table line {number}: one Y or . per role, please: {line!r}")
        allowed = frozenset(role for role, cell in zip(ROLES, cells, strict=True) if cell == "Y")
        rows.append(Row(action, kind, state, relation, allowed, number))
    return rows


ROWS = _parse(POLICY_TABLE)
ACTIONS = sorted({row.action for row in ROWS})


def row_for(*, action: str, kind: str, state: str, relation: str) -> Row:
    """The first row of the table that decides this case."""
    for row in ROWS:
        if row.matches(action, kind, state, relation):
            return row
    raise LookupError(f"The policy table has no row for {action} on {kind} ({state}, {relation})")


def expected(
    *, role: str, action: str, kind: str, state: str, relation: str, same_hub: bool = True, active: bool = True
) -> bool:
    """What the policy says: may a practitioner in this role do this?"""
    if not active or not same_hub:
        return False
    return role in row_for(action=action, kind=kind, state=state, relation=relation).allowed


def as_markdown() -> str:
    """The table as docs/access.md shows it."""
    out = ["| action | record | state | relation | " + " | ".join(ROLES) + " |"]
    out.append("| --- | --- | --- | --- | " + " | ".join("---" for _ in ROLES) + " |")
    for row in ROWS:
        cells = " | ".join("yes" if role in row.allowed else "no" for role in ROLES)
        state = row.state.replace("*", "\\*")
        relation = row.relation.replace("*", "\\*")
        out.append(f"| {row.action} | {row.kind} | {state} | {relation} | {cells} |")
    return "\n".join(out)
