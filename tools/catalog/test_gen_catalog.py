#!/usr/bin/env python3
"""Invariants of data/catalog (spec/seed-002-matrix.md) and of gen_catalog.py.

Run from tests/cli/catalog_data.sh, or directly:
    CATALOG_SEED=../shared/seeds/002_a0588c5857c87ec3.txt python3 tools/catalog/test_gen_catalog.py
The seed-side counts here are computed independently of the generator's parser.
"""

import contextlib
import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import unittest
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = os.environ.get("CATALOG_SEED",
                      os.path.join(ROOT, "..", "shared", "seeds", "002_a0588c5857c87ec3.txt"))
DATA = os.environ.get("CATALOG_DATA", os.path.join(ROOT, "data", "catalog"))
README = os.path.join(os.path.dirname(DATA), "README.md")
GEN = os.path.join(HERE, "gen_catalog.py")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True        # keep __pycache__ out of the source tree
import gen_catalog  # noqa: E402

ADMIN, DEV, OPS, GUEST = ("PAI.WorkspaceAdmin", "PAI.AlgoDeveloper", "PAI.AlgoOperator",
                          "PAI.WorkspaceGuest")
ACTION_LINE = re.compile(r"\b[A-Za-z]+:[A-Z][A-Za-z0-9]*\b")


def load():
    """(seed lines, actions by id in file order, grants by action id)."""
    with open(SEED, encoding="utf-8") as f:
        lines = f.read().split("\n")
    with open(os.path.join(DATA, "actions.csv"), encoding="utf-8") as f:
        actions = {r["id"]: r for r in csv.DictReader(f)}
    grants = defaultdict(list)
    with open(os.path.join(DATA, "role_grants.csv"), encoding="utf-8") as f:
        for g in csv.DictReader(f):
            grants[g["action_id"]].append(g)
    return lines, actions, grants


def checks_in_seed(lines, lineno):
    """Check marks of the row at 1-based lineno, including '|' continuation lines."""
    n, k = lines[lineno - 1].count("✅"), lineno
    while k < len(lines) and lines[k].startswith("|"):
        n += lines[k].count("✅")
        k += 1
    return n


def run_main(*args):
    """Run gen_catalog.main in-process; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = gen_catalog.main(list(args))
    return status, out.getvalue(), err.getvalue()


def cells(grants, action_id):
    """Set of (role, class) allowed for an action."""
    return {(g["role"], g["class"]) for g in grants[action_id]}


@unittest.skipUnless(os.path.exists(SEED), "seed 002 not present")
class CatalogData(unittest.TestCase):
    """The committed data/catalog files against the seed."""

    @classmethod
    def setUpClass(cls):
        cls.lines, cls.actions, cls.grants = load()

    def test_every_action_row_present(self):
        named = sum(1 for ln in self.lines if ACTION_LINE.search(ln))
        bare = sum(1 for ln in self.lines
                   if "✅" in ln and not ln.startswith("|") and not ACTION_LINE.search(ln))
        self.assertEqual(len(self.actions), named + bare)
        self.assertEqual(len(self.actions), 397)

    def test_rows_point_at_their_seed_line(self):
        for r in self.actions.values():
            text = self.lines[int(r["seed_line"]) - 1]
            self.assertTrue(text.startswith(r["permission"] + " |"), r["id"])
            for name in (r["workspace_action"], r["ram_action"]):
                self.assertIn(name, text, r["id"])

    def test_cells_equal_check_marks(self):
        for r in self.actions.values():
            want = checks_in_seed(self.lines, int(r["seed_line"]))
            self.assertEqual(len(self.grants[r["id"]]), want, r["id"])
            self.assertEqual(int(r["seed_checks"]), want, r["id"])

    def test_administrator_allowed_on_every_marked_row(self):
        unmarked = set()
        for r in self.actions.values():
            g = self.grants[r["id"]]
            if g:
                self.assertEqual((g[0]["role"], g[0]["class"], g[0]["provenance"]),
                                 (ADMIN, "ANY", "seed"), r["id"])
            elif r["default_allow"] == "false":
                unmarked.add(r["id"])
        self.assertEqual(unmarked, {"pai:ListUserConfigs", "pai:SetUserConfigs",
                                    "pai:DeleteUserConfig", "pai:CreateOrder",
                                    "paiworkspace:ListPermissions"})

    def test_default_allow_rows(self):
        rows = [r for r in self.actions.values() if r["default_allow"] == "true"]
        self.assertEqual(len(rows), 20)
        for r in rows:
            self.assertEqual(self.grants[r["id"]], [], r["id"])
            self.assertIn("allowed unless you specify Deny",
                          self.lines[int(r["seed_line"]) - 1], r["id"])

    def test_automl_rows_exact(self):
        base = {(ADMIN, "ANY"), (DEV, "PRIVATE_CREATOR")}
        ops = {(OPS, "PRIVATE_CREATOR"), (OPS, "PRIVATE_OTHERS"), (OPS, "PUBLIC")}
        view = base | ops | {(DEV, "PUBLIC_CREATOR"), (DEV, "PUBLIC_OTHERS"),
                             (GUEST, "PRIVATE_CREATOR"), (GUEST, "PUBLIC")}
        rows = [r for r in self.actions.values() if r["table"] == "AutoML"]
        self.assertEqual(len(rows), 14)
        for r in rows:
            verb = r["permission"].split()[0]
            want = {"Stop": base | ops, "View": view, "Query": view}.get(verb, base)
            self.assertEqual(cells(self.grants, r["id"]), want, r["id"])
            self.assertTrue(all(g["provenance"] == "seed" for g in self.grants[r["id"]]))

    def test_known_typos_kept_with_aliases(self):
        typo = [r for r in self.actions.values() if r["ram_action"] == "PaiImage:Listlmages"]
        self.assertEqual(len(typo), 1)
        self.assertEqual(typo[0]["alias"], "PaiImage:ListImages")
        drafts = [r for r in self.actions.values() if "pipeineDraftId" in r["resource"]]
        self.assertEqual(len(drafts), 18)
        for r in drafts:
            self.assertEqual(r["resource_alias"],
                             r["resource"].replace("pipeineDraftId", "pipelineDraftId"))

    def test_provenance_names_a_written_rule(self):
        with open(README, encoding="utf-8") as f:
            rules = set(re.findall(r"^### Rule (\d+)\b", f.read(), re.MULTILINE))
        for gs in self.grants.values():
            for g in gs:
                prov = g["provenance"]
                self.assertTrue(prov == "seed" or prov[5:] in rules, prov)

    def test_visitor_never_writes_by_rule(self):
        for r in self.actions.values():
            if r["kind"] == "WRITE":
                for g in self.grants[r["id"]]:
                    self.assertFalse(g["role"] == GUEST and g["provenance"] != "seed", r["id"])

    def test_public_and_self_created_excludes_others_private(self):
        for r in self.actions.values():
            if "public and self-created" in r["permission"]:
                self.assertNotIn("PRIVATE_OTHERS", {g["class"] for g in self.grants[r["id"]]})

    def test_administrator_only_texts(self):
        pattern = gen_catalog.ADMIN_ONLY_RE
        seed_exceptions = set()
        for r in self.actions.values():
            if pattern.search(r["permission"]) and len(self.grants[r["id"]]) > 1:
                self.assertTrue(all(g["provenance"] == "seed" for g in self.grants[r["id"]]))
                seed_exceptions.add(r["id"])
        self.assertEqual(seed_exceptions, {"paidsw:CheckInstanceExistence",
                                           "paicomponentmanagement:ListComponents",
                                           "paicomponentmanagement:ListComponentVersions"})

    def test_ram_codes_are_lowercased_prefixes(self):
        for r in self.actions.values():
            name = r["ram_action"] or r["workspace_action"]
            if name:
                self.assertEqual(r["ram_code"], name.split(":")[0].lower())

    def test_readme_summary_matches_generator(self):
        with tempfile.TemporaryDirectory() as tmp:
            status, out, _ = run_main(SEED, tmp)
        self.assertEqual(status, 0)
        with open(README, encoding="utf-8") as f:
            text = f.read()
        block = re.search(r"<!-- summary:begin -->\n```\n(.*?)```\n<!-- summary:end -->",
                          text, re.DOTALL)
        self.assertIsNotNone(block, "summary block missing from data/README.md")
        self.assertEqual(block.group(1), out)


@unittest.skipUnless(os.path.exists(SEED), "seed 002 not present")
class Generator(unittest.TestCase):
    """Properties of the rules and of the command line."""

    def test_rules_reproduce_automl(self):
        rows, _ = gen_catalog.generate(SEED)
        self.assertEqual(gen_catalog.automl_self_check(rows), (14, 14))

    def run_on(self, text):
        """Run the generator on a seed text; return (status, stderr)."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "seed.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            status, _, err = run_main(path, os.path.join(tmp, "out"))
        return status, err

    def test_bad_seeds_are_refused_with_a_line_number(self):
        with open(SEED, encoding="utf-8") as f:
            lines = f.read().split("\n")
        cases = {
            "truncated": (lines[:300], 300),
            "extra mark": (lines[:17] + [lines[17] + " ✅ | ✅ |"] + lines[18:], 18),
            "gap": (lines[:59] + [lines[59].replace("✅", "", 1)] + lines[60:], 60),
            "bad role": (lines[:15] + [lines[15].replace("Visitor", "Guest")] + lines[16:], 16),
            "bad continuation": (lines[:278] + ["| x |"] + lines[279:], 279),
            "stray text": (lines[:100] + ["hello"] + lines[100:], 100),
            "missing header": (lines[:87] + lines[89:], 87),
        }
        for name, (text, line) in cases.items():
            status, err = self.run_on("\n".join(text))
            self.assertEqual(status, 1, name)
            self.assertIn(f"seed.txt:{line}: ", err, name)
            self.assertNotIn("Traceback", err, name)

    def test_unreadable_input(self):
        for text in ("", "\x00\x01", "Permission | x |\n"):
            status, err = self.run_on(text)
            self.assertEqual(status, 1)
            self.assertNotIn("Traceback", err)
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.run([sys.executable, GEN, "/nonexistent/seed", tmp],
                               capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertNotIn("Traceback", p.stderr)


if __name__ == "__main__":
    unittest.main()
