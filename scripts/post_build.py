#!/usr/bin/env python3
"""Trunk's post-build hook. Trunk runs the hooks of one stage at the same time, so the steps
that must follow each other are one hook: the security policy first (it adds a file), then the
prerendered first view (scripts/first_view.mjs: it loads the finished page and adds files),
then the service worker's precache list (which lists every file)."""

import os
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import csp  # noqa: E402
import precache  # noqa: E402

root = os.environ.get("TRUNK_STAGING_DIR")
if not root:
    sys.exit("post_build: run by trunk (TRUNK_STAGING_DIR is not set)")
# The panic a test asks for (`rotlab_test_panic`, the `test-hooks` feature) belongs to the
# end-to-end test build alone, which the Makefile marks with ROTLAB_TEST_HOOKS=1.
hooks = [p.name for p in pathlib.Path(root).glob("*.js") if "rotlab_test_panic" in p.read_text(errors="replace")]
if hooks and os.environ.get("ROTLAB_TEST_HOOKS") != "1":
    sys.exit(f"post_build: {', '.join(hooks)} exports rotlab_test_panic: the test-hooks feature is for the e2e build only")
if not hooks and os.environ.get("ROTLAB_TEST_HOOKS") == "1":
    sys.exit("post_build: ROTLAB_TEST_HOOKS=1 but the build has no rotlab_test_panic: build with --features test-hooks")
csp.apply(pathlib.Path(root))
first_view = pathlib.Path(__file__).resolve().parent / "first_view.mjs"
if subprocess.run(["node", str(first_view), root]).returncode != 0:
    sys.exit("post_build: the first view could not be prerendered (scripts/first_view.mjs above)")
precache.apply(pathlib.Path(root))
