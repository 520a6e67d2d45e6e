# SPDX-License-Identifier: LGPL-2.1-or-later
"""The type stubs (ffanotif/__init__.pyi) describe the module as it is:
every public name, method and record field in both, alike."""

import ast
import os
import unittest

import ffanotif


def stub_tree():
    path = os.path.join(os.path.dirname(ffanotif.__file__), "__init__.pyi")
    with open(path) as f:
        return ast.parse(f.read())


class TestStubs(unittest.TestCase):
    def test_names(self):
        tree = stub_tree()
        names = set()
        for node in tree.body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                names.add(node.name)
            elif isinstance(node, ast.AnnAssign):
                names.add(node.target.id)
        self.assertEqual(names, set(ffanotif.__all__))

    def test_members(self):
        for node in stub_tree().body:
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(ffanotif, node.name)
            with self.subTest(cls=node.name):
                if "NamedTuple" in [getattr(b, "id", None) for b in node.bases]:
                    fields = [n.target.id for n in node.body if isinstance(n, ast.AnnAssign)]
                    self.assertEqual(tuple(fields), cls.__match_args__)
                    continue
                stubbed = {
                    n.name for n in node.body
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                }
                public = {
                    n for n in dir(cls)
                    if not n.startswith("_") or n in ("__enter__", "__exit__", "__init__")
                }
                if issubclass(cls, BaseException):
                    continue
                self.assertEqual(stubbed, public)


if __name__ == "__main__":
    unittest.main()
