#!/usr/bin/env python3
"""Generate paiam's PAI action catalog and built-in role matrix from seed 002.

Usage: python3 tools/catalog/gen_catalog.py SEED_002_PATH OUT_DIR [--report FILE]

The seed is a web page ("roles and permissions") whose HTML tables were flattened to
text.  Outside the AutoML table the empty cells were dropped, so a row keeps the number
and order of its check marks but not their columns.  This tool reads every table, puts
each check mark in a (role, class) cell -- straight from the text where the text
determines it (provenance ``seed``), otherwise by one of the numbered rules of
data/README.md (provenance ``rule:N``) -- and writes actions.csv, role_grants.csv and
roles.csv to OUT_DIR.  Output is deterministic.  A seed of unexpected shape is refused
with ``SEED:LINE: message`` on stderr and exit status 1.
"""

import argparse
import csv
import os
import re
import sys
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------
# Vocabulary of the seed and of the data files
# ---------------------------------------------------------------------------------------

ADMIN, DEV, OPS, LABEL, GUEST, MC = (
    "PAI.WorkspaceAdmin", "PAI.AlgoDeveloper", "PAI.AlgoOperator",
    "PAI.LabelManager", "PAI.WorkspaceGuest", "PAI.MaxComputeDeveloper")

PC, PO, PUBC, PUBO, PUB, ANY = (
    "PRIVATE_CREATOR", "PRIVATE_OTHERS", "PUBLIC_CREATOR", "PUBLIC_OTHERS", "PUBLIC", "ANY")

# Role column headers of seed 002 (prefix match) -> API role name (AIWorkSpace API).
ROLE_HEADERS = [
    ("Workspace Administrator/Owner", ADMIN),
    ("Algorithm Developer", DEV),
    ("Algorithm O&M Engineer", OPS),
    ("Labeling Administrator", LABEL),
    ("Visitor", GUEST),
    ("MaxCompute Developer", MC),
]

# Sub-columns of each role, in seed order: (class, expected sub-column label).
ROLE_COLUMNS = {
    ADMIN: [(ANY, None)],
    DEV: [(PC, "Private (created by me)"), (PO, "Private (created by others)"),
          (PUBC, "Public (created by me)"), (PUBO, "Public (created by others)")],
}
for _role in (OPS, LABEL, GUEST, MC):
    ROLE_COLUMNS[_role] = [(PC, "Private (created by me)"),
                           (PO, "Private (created by others)"), (PUB, "Public")]

# Header labels known to be misprinted: (module heading, label index) -> label as printed.
HEADER_ERRATA = {("Application Development (LangStudio)", 4): "Public (created by me)"}

DESC_HEADERS = {
    "Permission": "permission",
    "Action (can be managed in the PAI workspace)": "workspace_action",
    "Action (can be managed in the RAM console)": "ram_action",
    "Resource": "resource",
}

# Rows of the built-in roles file (roles.csv).  grant_column names the column of
# role_grants.csv that holds the role's grants (Owner shares the administrator column).
ROLES = [
    # api_name, display_name (seed 002), grant_column, layout, dataworks_shared, role_type
    (ADMIN, "Workspace Administrator/Owner", ADMIN, "single", "true", "basic"),
    ("PAI.WorkspaceOwner", "Workspace Administrator/Owner", ADMIN, "single", "false", "basic"),
    (DEV, "Algorithm Developer", DEV, "4", "false", "basic"),
    (OPS, "Algorithm O&M Engineer", OPS, "3", "false", "basic"),
    (LABEL, "Labeling Administrator", LABEL, "3", "false", "basic"),
    (GUEST, "Visitor", GUEST, "3", "true", "basic"),
    (MC, "MaxCompute Developer", MC, "3", "true", "compute-resource"),
]

# Identifiers misspelt in the seed: kept as spelled, with the corrected alias beside them.
ACTION_TYPOS = {"PaiImage:Listlmages": "PaiImage:ListImages"}
RESOURCE_FIXES = [("pipeineDraftId", "pipelineDraftId"),            # typo
                  ("dlcjob/jobid", "dlcjob/{jobId}"),               # bare placeholders
                  ("pod/podid", "pod/{podId}"),
                  ("tensorboard/tbid", "tensorboard/{tensorboardId}")]

# Rule 1: verbs of read actions.  Everything else is a write.
READ_VERBS = ("Get", "List", "Describe", "Query", "Check", "BatchGet", "Download", "Open")
READ_WORDS = ("View", "Obtain", "List", "Query")   # first word of an action-less row

# Rule 2: administrator-only permission texts.
ADMIN_ONLY_RE = re.compile(r"\ball\b(?! members\b).*\bin (a|the) workspace\b|\bchange\b.*\bowner\b",
                           re.IGNORECASE)
# Rule 3: "public and self-created" rows.
PUBLIC_AND_OWN_RE = re.compile(r"public and self-created", re.IGNORECASE)

# Rule 4: order in which the cells of a READ row are filled.
READ_ORDER = [
    (DEV, PC), (OPS, PC), (LABEL, PC), (GUEST, PUB), (MC, PC),               # entry cells
    (OPS, PUB), (DEV, PUBC), (DEV, PUBO), (LABEL, PUB), (MC, PUB), (GUEST, PC),  # own+public
    (OPS, PO), (DEV, PO), (LABEL, PO), (GUEST, PO), (MC, PO),                # created by others
]
# Rule 5: order in which the cells of a WRITE row are filled (the Visitor never writes).
WRITE_ORDER = [
    (DEV, PC), (OPS, PC), (LABEL, PC), (MC, PC),                             # own private
    (OPS, PUB), (OPS, PO),                                                   # O&M: all
    (DEV, PUBC), (LABEL, PUB), (MC, PUB), (DEV, PUBO),                       # public
    (DEV, PO), (LABEL, PO), (MC, PO),                                        # created by others
]

# The tables of seed 002, in order (a missing or extra table is a shape error).
EXPECTED_TABLES = [
    "General permissions",
    "Workspace management: Off-workspace resources",
    "Workspace management: Workspace resources",
    "QuickStart: TrainingService",
    "QuickStart: Experiment management",
    "iTAG",
    "Visualized Modeling (Designer)",
    "PAIFlow",
    "Data Science Workshop (DSW)",
    "Deep Learning Containers (DLC)",
    "AutoML",
    "Application Development (LangStudio)",
    "Elastic Algorithm Service (EAS)",
    "ArtLab",
    "AI Assets Management: Datasets",
    "AI Asset Management: Source Code Repositories",
    "AI Assets Management: Images",
    "AI Assets Management: Models",
    "AI Assets Management: Custom Components",
]

CHECK = "✅"
ANY_CELL = "✅ Accessibility does not matter"
DEFAULT_ALLOW_RE = re.compile(
    r"^(?P<action>[A-Za-z][A-Za-z0-9]*:[A-Za-z][A-Za-z0-9]*)\s*\(+"
    r"This action is allowed unless you specify Deny\)$")
ACTION_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*:[A-Za-z][A-Za-z0-9]*$")
ACTION_LINE_RE = re.compile(r"\b[A-Za-z]+:[A-Z][A-Za-z0-9]*\b")
RESOURCE_RE = re.compile(r"^/?[A-Za-z0-9_{}*.-]+(/[A-Za-z0-9_{}*.-]+)*$")
CAPTION_RE = re.compile(r"^Table \d+\. (?P<title>.+)$")
CONTINUATION_RE = re.compile(r"^\|(\s*✅\s*\|)*\s*$")


class SeedError(Exception):
    """The seed does not have the expected shape; carries the 1-based line number."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


@dataclass
class Table:
    """One table of the seed: its descriptive columns, roles and cell columns."""
    module: str
    title: str
    line: int
    desc: list            # descriptive field names, in seed order
    roles: list           # API role names, in seed order (administrator first)
    columns: list         # (role, class) per cell column, in seed order
    width: int            # number of '|' of a padded row


@dataclass
class Row:
    """One action row of the seed and the cells placed for it."""
    table: Table
    line: int
    permission: str
    workspace_action: str = ""
    ram_action: str = ""
    resource: str = ""
    default_allow: bool = False
    marks: list = field(default_factory=list)    # packed rows: "P" (plain) or "A" (any)
    exact: list = None                           # AutoML-style rows: one bool per column
    cells: list = field(default_factory=list)    # (role, class, provenance)
    kind: str = ""
    id: str = ""


# ---------------------------------------------------------------------------------------
# Reading the seed
# ---------------------------------------------------------------------------------------

def tokens(line):
    """Non-empty '|'-separated cells of a line, stripped."""
    return [c.strip() for c in line.split("|") if c.strip()]


def check_no_gaps(line, lineno):
    """In a packed row the empty cells were dropped: none may precede a filled one."""
    cells = [c.strip() for c in line.split("|")]
    first_empty = next((k for k, c in enumerate(cells) if not c), len(cells))
    if any(cells[first_empty:]):
        raise SeedError(lineno, f"empty cell {first_empty + 1} before a filled cell")


def is_check(token):
    """True if the cell is a check mark (plain or 'Accessibility does not matter')."""
    return token.startswith(CHECK)


def mark_of(token, lineno):
    """'P' for a plain check mark, 'A' for 'Accessibility does not matter'."""
    if token == CHECK:
        return "P"
    if token == ANY_CELL:
        return "A"
    raise SeedError(lineno, f"unrecognised check-mark cell {token!r}")


def role_of_header(name, lineno):
    """API role name of a role column header."""
    for prefix, role in ROLE_HEADERS:
        if name.startswith(prefix):
            return role
    raise SeedError(lineno, f"unknown column header {name!r}")


def parse_header(lines, i, module, title):
    """Parse a table header (and its sub-column label line); return (Table, next index)."""
    line = lines[i]
    names = tokens(line)
    if not names or names[0] != "Permission":
        raise SeedError(i + 1, "expected a table header starting with 'Permission |'")
    ndesc = next((k for k, n in enumerate(names) if n not in DESC_HEADERS), len(names))
    desc = [DESC_HEADERS[n] for n in names[:ndesc]]
    roles = [role_of_header(n, i + 1) for n in names[ndesc:]]
    if len(set(roles)) != len(roles):
        raise SeedError(i + 1, "a role column appears twice")
    if roles and roles[0] != ADMIN:
        raise SeedError(i + 1, "the first role column must be the administrator's")
    columns = [(r, c) for r in roles for c, _ in ROLE_COLUMNS[r]]
    table = Table(module, title, i + 1, desc, roles, columns, line.count("|"))
    if not roles:
        expect = len(desc)
        nxt = i + 1
    else:
        check_labels(lines, i + 1, table)
        expect = len(desc) + len(columns)
        nxt = i + 2
    if table.width != expect:
        raise SeedError(i + 1, f"header width {table.width}, expected {expect}")
    return table, nxt


def check_labels(lines, i, table):
    """Check the sub-column label line against the roles of the header."""
    if i >= len(lines):
        raise SeedError(i, "missing sub-column label line")
    got = tokens(lines[i])
    want = [lab for r in table.roles for _, lab in ROLE_COLUMNS[r] if lab]
    if len(got) != len(want):
        raise SeedError(i + 1, f"{len(got)} sub-column labels, expected {len(want)}")
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w and HEADER_ERRATA.get((table.module, k)) != g:
            raise SeedError(i + 1, f"sub-column {k + 1} is {g!r}, expected {w!r}")
    if lines[i].count("|") != table.width:
        raise SeedError(i + 1, "label line width differs from the header")


def split_descriptive(cells, table, lineno):
    """Split a row's leading cells into (permission, actions, resource, default_allow)."""
    if not cells or is_check(cells[0]):
        raise SeedError(lineno, "row does not start with a permission text")
    permission, actions, resource, default_allow = cells[0], [], "", False
    for cell in cells[1:]:
        m = DEFAULT_ALLOW_RE.match(cell)
        if m or ACTION_RE.match(cell):
            if resource:
                raise SeedError(lineno, f"action {cell!r} after the resource")
            actions.append(m.group("action") if m else cell)
            default_allow = default_allow or bool(m)
        elif RESOURCE_RE.match(cell) and ("/" in cell or "*" in cell):
            if resource or "resource" not in table.desc:
                raise SeedError(lineno, f"unexpected resource cell {cell!r}")
            resource = cell.lstrip("/")
        else:
            raise SeedError(lineno, f"unrecognised cell {cell!r}")
    return permission, actions, resource, default_allow


def assign_actions(row, actions, lineno):
    """Put the row's action names in the workspace / RAM columns of its table."""
    cols = [d for d in row.table.desc if d.endswith("_action")]
    if len(actions) > len(cols):
        raise SeedError(lineno, f"{len(actions)} action names, table has {len(cols)} columns")
    if len(actions) == len(cols):
        for col, name in zip(cols, actions):
            setattr(row, col, name)
    elif actions and row.default_allow:
        row.ram_action = actions[0]          # a default-allow action is a RAM action
    elif actions:
        raise SeedError(lineno, "one action name in a two-action table: column unknown")


def parse_row(lines, i, table):
    """Parse one data row starting at line index i; return (Row, next index)."""
    lineno, line = i + 1, lines[i]
    check_no_gaps(line, lineno)
    cells = tokens(line)
    first = next((k for k, c in enumerate(cells) if is_check(c)), len(cells))
    if any(not is_check(c) for c in cells[first:]):
        raise SeedError(lineno, "text cell after a check mark")
    permission, actions, resource, default_allow = split_descriptive(cells[:first], table, lineno)
    row = Row(table, lineno, permission, resource=resource, default_allow=default_allow)
    assign_actions(row, actions, lineno)
    marks = [mark_of(c, lineno) for c in cells[first:]]
    j = i + 1
    while j < len(lines) and lines[j].startswith("|"):
        j += 1
    if j > i + 1:
        row.exact = exact_cells(lines, i, j, first, marks, table)
    else:
        check_width(line, len(cells), table, lineno, last=is_table_end(lines, j))
        row.marks = marks
    if default_allow and (marks or row.exact and any(row.exact)):
        raise SeedError(lineno, "a default-allow row must have no check marks")
    return row, j


def exact_cells(lines, i, j, ndesc, marks, table):
    """Cells of a row whose empty cells were kept as lines holding a lone '|'."""
    if "A" in marks:
        raise SeedError(i + 1, "'Accessibility does not matter' in a row with kept cells")
    cells = [True] * len(marks)
    for k in range(i + 1, j):
        if not CONTINUATION_RE.match(lines[k]):
            raise SeedError(k + 1, "malformed continuation line")
        cells += [False] + [True] * lines[k].count(CHECK)
    if ndesc + len(cells) != table.width:
        raise SeedError(i + 1, f"{ndesc + len(cells)} cells, expected {table.width}")
    return cells


def check_width(line, ncells, table, lineno, last):
    """A packed row is padded to the table width; the last row of a table is not padded."""
    bars = line.count("|")
    want = ncells if last else table.width
    if bars != want:
        what = "last row of its table: expected no padding" if last else "padded row"
        raise SeedError(lineno, f"row has {bars} '|' ({what}, expected {want})")


def is_table_end(lines, j):
    """True if index j is past the end or at a line that is not a data row."""
    return j >= len(lines) or "|" not in lines[j]


def parse_seed(lines):
    """Parse all tables of the seed; return the list of Rows in seed order."""
    rows, tables, module, title, table, i = [], [], None, None, None, 0
    while i < len(lines):
        line = lines[i]
        if "|" not in line:
            kind = classify_text_line(lines, i, module)
            if kind == "module":
                module, title, table = line.strip(), line.strip(), None
            elif kind == "caption":
                title, table = CAPTION_RE.match(line.strip()).group("title"), None
            i += 1
        elif line.startswith("Permission |"):
            table, i = parse_header(lines, i, module, title)
            tables.append(table)
        elif table is None or line.startswith("|"):
            raise SeedError(i + 1, "table row outside a table")
        else:
            row, i = parse_row(lines, i, table)
            rows.append(row)
    check_tables(tables, rows, len(lines))
    return rows


def check_tables(tables, rows, nlines):
    """Every expected table is present, in order, and has at least one row."""
    for k, want in enumerate(EXPECTED_TABLES):
        if k >= len(tables):
            raise SeedError(nlines, f"table {want!r} is missing (seed truncated?)")
        if tables[k].title != want:
            raise SeedError(tables[k].line, f"table {tables[k].title!r}, expected {want!r}")
    if len(tables) > len(EXPECTED_TABLES):
        raise SeedError(tables[len(EXPECTED_TABLES)].line, "unexpected extra table")
    for t in tables:
        if not any(r.table is t for r in rows):
            raise SeedError(t.line, f"table {t.title!r} has no rows")


def classify_text_line(lines, i, module):
    """'module' heading, table 'caption', or 'prose' (only allowed before the first table)."""
    text = lines[i].strip()
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if CAPTION_RE.match(text):
        if not nxt.startswith("Permission |"):
            raise SeedError(i + 2, "a table caption must be followed by a table header")
        return "caption"
    if nxt.startswith("Permission |") or CAPTION_RE.match(nxt.strip()):
        return "module"
    if module is not None:
        raise SeedError(i + 1, f"text line {text[:40]!r} is neither a table caption nor a "
                               "heading followed by a table")
    return "prose"


# ---------------------------------------------------------------------------------------
# Placing the check marks in cells
# ---------------------------------------------------------------------------------------

def action_kind(row):
    """Rule 1: READ if the action's verb reads, else WRITE."""
    name = row.ram_action or row.workspace_action
    if name:
        return "READ" if name.split(":", 1)[1].startswith(READ_VERBS) else "WRITE"
    return "READ" if row.permission.split()[0] in READ_WORDS else "WRITE"


def nonadmin_columns(table):
    """The (role, class) columns of a table, without the administrator's."""
    return [c for c in table.columns if c[0] != ADMIN]


def own_and_public(table):
    """Rule 3: the cells 'public and self-created' names -- own private + public, every role."""
    return [(r, c) for r, c in nonadmin_columns(table) if c != PO]


def ranked_columns(table, kind):
    """Rules 4 and 5: the table's non-admin columns in the order the kind fills them."""
    order = READ_ORDER if kind == "READ" else WRITE_ORDER
    present = set(nonadmin_columns(table))
    return [c for c in order if c in present]


def ranked_roles(table, kind):
    """Rule 6: roles in the order the kind's ranking first reaches them."""
    seen = []
    for role, _ in ranked_columns(table, kind):
        if role not in seen:
            seen.append(role)
    return seen


def place_exact(row):
    """AutoML-style rows: every cell was kept, so every cell is read from the seed."""
    return [(r, c, "seed") for (r, c), on in zip(row.table.columns, row.exact) if on]


def place_any(row, n):
    """Non-admin 'Accessibility does not matter' cells: whole roles (seed, or rule 6)."""
    roles = row.table.roles[1:]
    if n > len(roles):
        raise SeedError(row.line, f"{n} role-wide cells, table has {len(roles)} roles")
    if n == len(roles):
        return [(r, ANY, "seed") for r in roles]
    if ADMIN_ONLY_RE.search(row.permission):
        raise SeedError(row.line, "rule 2: administrator-only text, but other roles are marked")
    chosen = ranked_roles(row.table, row.kind)[:n]
    if len(chosen) < n:
        raise SeedError(row.line, f"rule 6 cannot place {n} role-wide cells")
    return [(r, ANY, "rule:6") for r in chosen]


def place_plain(row, k):
    """Non-admin plain check marks: seed when all columns are filled, else rules 3-5."""
    columns = nonadmin_columns(row.table)
    if k == len(columns):
        return [(r, c, "seed") for r, c in columns]
    if ADMIN_ONLY_RE.search(row.permission):
        raise SeedError(row.line, "rule 2: administrator-only text, but other roles are marked")
    own_public = own_and_public(row.table)
    if PUBLIC_AND_OWN_RE.search(row.permission) and k == len(own_public):
        return [(r, c, "rule:3") for r, c in own_public]
    ranked = ranked_columns(row.table, row.kind)
    if k > len(ranked):
        rule = 4 if row.kind == "READ" else 5
        raise SeedError(row.line, f"rule {rule} cannot place {k} cells")
    chosen = ranked[:k]
    if PUBLIC_AND_OWN_RE.search(row.permission) and not set(chosen) <= set(own_public):
        raise SeedError(row.line, "rule 3 violated: 'public and self-created' row too large")
    rule = "rule:4" if row.kind == "READ" else "rule:5"
    return [(r, c, rule) for r, c in chosen]


def place_cells(row):
    """Return the row's allowed cells as (role, class, provenance), in seed column order."""
    if row.exact is not None:
        return place_exact(row)
    if not row.marks:
        return []
    if len(row.marks) - 1 > len(nonadmin_columns(row.table)):
        raise SeedError(row.line, f"{len(row.marks)} check marks, more than the table's columns")
    rest = row.marks[1:]
    cells = [(ADMIN, ANY, "seed")]     # the first check mark is always the administrator's
    if "A" in rest and "P" in rest:
        raise SeedError(row.line, "row mixes plain and 'Accessibility does not matter' marks")
    if rest and rest[0] == "A":
        cells += place_any(row, len(rest))
    elif rest:
        cells += place_plain(row, len(rest))
    order = {c: k for k, c in enumerate(row.table.columns)}
    order.update({(r, ANY): k for k, (r, _) in reversed(list(enumerate(row.table.columns)))})
    return sorted(cells, key=lambda cell: order[(cell[0], cell[1])])


def seed_checks(row):
    """Number of check marks the seed shows for the row."""
    return sum(row.exact) if row.exact is not None else len(row.marks)


# ---------------------------------------------------------------------------------------
# Identifiers, aliases and output
# ---------------------------------------------------------------------------------------

def slug(text, words=4):
    """Lower-case dash-joined slug of the first words of a text (up to a comma/period)."""
    head = re.split(r"[,.(]", text)[0]
    return "-".join(re.findall(r"[a-z0-9]+", head.lower())[:words])


def assign_ids(rows):
    """Give every row a stable id: ram-code:Api (#n for repeats), else table:permission."""
    used = {}
    for row in rows:
        name = row.ram_action or row.workspace_action
        if name:
            code, api = name.split(":", 1)
            base = f"{code.lower()}:{api}"
        else:
            base = f"{slug(row.table.title, 3)}:{slug(row.permission)}"
        used[base] = used.get(base, 0) + 1
        row.id = base if used[base] == 1 else f"{base}#{used[base]}"


def resource_alias(resource):
    """Corrected spelling of a resource pattern, or '' if it needs none."""
    fixed = resource
    for wrong, right in RESOURCE_FIXES:
        fixed = fixed.replace(wrong, right)
    return fixed if fixed != resource else ""


def action_alias(row):
    """Corrected spelling of the row's action names, or '' if they need none."""
    names = {row.workspace_action, row.ram_action} & set(ACTION_TYPOS)
    return ACTION_TYPOS[sorted(names)[0]] if names else ""


def action_record(row):
    """One line of actions.csv."""
    name = row.ram_action or row.workspace_action
    return {
        "id": row.id, "module": row.table.module, "table": row.table.title,
        "permission": row.permission, "workspace_action": row.workspace_action,
        "ram_action": row.ram_action, "alias": action_alias(row),
        "ram_code": name.split(":", 1)[0].lower() if name else "",
        "resource": row.resource, "resource_alias": resource_alias(row.resource),
        "default_allow": "true" if row.default_allow else "false",
        "kind": row.kind, "seed_checks": seed_checks(row), "seed_line": row.line,
    }


ACTION_FIELDS = ["id", "module", "table", "permission", "workspace_action", "ram_action",
                 "alias", "ram_code", "resource", "resource_alias", "default_allow", "kind",
                 "seed_checks", "seed_line"]
GRANT_FIELDS = ["action_id", "role", "class", "provenance"]
ROLE_FIELDS = ["api_name", "display_name", "grant_column", "layout", "sub_columns",
               "dataworks_shared", "role_type"]


def write_csv(path, fields, records):
    """Write records (dicts) to a CSV file with '\\n' line ends."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def role_records():
    """The rows of roles.csv."""
    for api, display, column, layout, shared, rtype in ROLES:
        classes = ";".join(c for c, _ in ROLE_COLUMNS[column])
        yield dict(zip(ROLE_FIELDS, (api, display, column, layout, classes, shared, rtype)))


def write_outputs(rows, out_dir):
    """Write actions.csv, role_grants.csv and roles.csv into out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    write_csv(os.path.join(out_dir, "actions.csv"), ACTION_FIELDS,
              [action_record(r) for r in rows])
    grants = [{"action_id": r.id, "role": role, "class": cls, "provenance": prov}
              for r in rows for role, cls, prov in r.cells]
    write_csv(os.path.join(out_dir, "role_grants.csv"), GRANT_FIELDS, grants)
    write_csv(os.path.join(out_dir, "roles.csv"), ROLE_FIELDS, list(role_records()))


def write_report(rows, path):
    """Per-row check report (TSV): check marks in the seed vs cells placed, by provenance."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("id\tseed_line\tseed_checks\tcells\tseed_cells\trule_cells\n")
        for r in rows:
            seed = sum(1 for c in r.cells if c[2] == "seed")
            out.write(f"{r.id}\t{r.line}\t{seed_checks(r)}\t{len(r.cells)}\t{seed}\t"
                      f"{len(r.cells) - seed}\n")


# ---------------------------------------------------------------------------------------
# Consistency checks and summary
# ---------------------------------------------------------------------------------------

def count_action_lines(lines):
    """Independent count of rows: lines naming an action, plus action-less check-mark rows."""
    named = sum(1 for ln in lines if ACTION_LINE_RE.search(ln))
    bare = sum(1 for ln in lines
               if CHECK in ln and not ln.startswith("|") and not ACTION_LINE_RE.search(ln))
    return named + bare


def verify(rows, lines):
    """Refuse output that breaks the invariants of spec/seed-002-matrix.md."""
    expected = count_action_lines(lines)
    if len(rows) != expected:
        raise SeedError(len(lines), f"parsed {len(rows)} rows, seed has {expected} action rows")
    seen = {}
    for r in rows:
        key = (r.permission, r.workspace_action, r.ram_action, r.resource)
        if key in seen:
            raise SeedError(r.line, f"row repeats line {seen[key]}")
        seen[key] = r.line
        if len(r.cells) != seed_checks(r):
            raise SeedError(r.line, f"{len(r.cells)} cells placed for {seed_checks(r)} marks")
        if r.cells and r.cells[0][:2] != (ADMIN, ANY):
            raise SeedError(r.line, "the administrator's cell is missing")
        if r.kind == "WRITE" and any(c[0] == GUEST for c in r.cells if c[2] != "seed"):
            raise SeedError(r.line, "rule 5 violated: a reconstructed Visitor write")


def automl_self_check(rows):
    """Apply rules 4/5 to the AutoML rows' counts; return (matching rows, AutoML rows)."""
    exact = [r for r in rows if r.exact is not None]
    same = 0
    for r in exact:
        saved, r.exact = r.exact, None
        r.marks = ["P"] * sum(saved)
        rebuilt = place_cells(r)
        r.exact, r.marks = saved, []
        same += [c[:2] for c in rebuilt] == [c[:2] for c in r.cells]
    return same, len(exact)


def summary(rows):
    """Lines of the summary printed after generation (also quoted in data/README.md)."""
    cells = [c for r in rows for c in r.cells]
    out = [f"rows: {len(rows)}",
           f"default-allow rows: {sum(r.default_allow for r in rows)}",
           f"cells: {len(cells)}",
           f"  seed: {sum(c[2] == 'seed' for c in cells)}",
           f"  reconstructed: {sum(c[2] != 'seed' for c in cells)}"]
    for rule in sorted({c[2] for c in cells if c[2] != "seed"}):
        out.append(f"    {rule}: {sum(c[2] == rule for c in cells)}")
    rebuilt = sum(any(c[2] != "seed" for c in r.cells) for r in rows)
    out.append(f"rows with reconstructed cells: {rebuilt}; rows read from the seed alone: "
               f"{len(rows) - rebuilt}")
    out.append("rows per table:")
    for title in EXPECTED_TABLES:
        out.append(f"  {title}: {sum(r.table.title == title for r in rows)}")
    same, total = automl_self_check(rows)
    out.append(f"rules 4-5 reproduce the AutoML table: {same}/{total} rows")
    return out


def generate(seed_path):
    """Parse the seed and place every cell; return (rows, lines)."""
    with open(seed_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    rows = parse_seed(lines)
    if not rows:
        raise SeedError(1, "no table rows found")
    for row in rows:
        row.kind = action_kind(row)
        row.cells = place_cells(row)
    assign_ids(rows)
    verify(rows, lines)
    return rows, lines


def main(argv=None):
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("seed", help="path of seed 002 (roles and permissions)")
    ap.add_argument("out_dir", help="directory for actions.csv, role_grants.csv, roles.csv")
    ap.add_argument("--report", help="also write a per-row check report (TSV) here")
    args = ap.parse_args(argv)
    try:
        rows, _ = generate(args.seed)
        write_outputs(rows, args.out_dir)
        if args.report:
            write_report(rows, args.report)
    except SeedError as e:
        print(f"{args.seed}:{e.line}: {e}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as e:
        print(f"gen_catalog: {e}", file=sys.stderr)
        return 1
    try:
        print("\n".join(summary(rows)), flush=True)
    except BrokenPipeError:                  # e.g. piped into `head`
        sys.stdout = open(os.devnull, "w")
    return 0


if __name__ == "__main__":
    sys.exit(main())
