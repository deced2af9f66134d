#!/usr/bin/env python3
"""Trunk's post-build hook. Trunk runs the hooks of one stage at the same time, so the steps
that must follow each other are one hook: the security policy first (it adds a file), then the
service worker's precache list (which lists every file)."""

import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import csp  # noqa: E402
import precache  # noqa: E402

root = os.environ.get("TRUNK_STAGING_DIR")
if not root:
    sys.exit("post_build: run by trunk (TRUNK_STAGING_DIR is not set)")
csp.apply(pathlib.Path(root))
precache.apply(pathlib.Path(root))
