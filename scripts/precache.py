#!/usr/bin/env python3
"""Fill in the service worker's precache list and version from a finished build.

Runs from scripts/post_build.py (trunk's post-build hook, on $TRUNK_STAGING_DIR) or by hand on a directory:
`python3 scripts/precache.py dist`. Every file of the build except sw.js itself is listed
(relative URLs, so the app works from any sub-path), and the version is a digest of their
names and contents: any change to any file makes a new service worker, which the app offers
as "a new version is ready".
"""

import hashlib
import json
import os
import pathlib
import sys


def apply(root: pathlib.Path) -> None:
    worker = root / "sw.js"
    template = worker.read_text(encoding="utf-8")
    if "__VERSION__" not in template:
        # Run twice on one build (by hand after the hook): start from the template again.
        template = (pathlib.Path(__file__).resolve().parent.parent / "public" / "sw.js").read_text(encoding="utf-8")
    files = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != "sw.js" and not p.name.startswith(".")
    )
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode())
        digest.update(hashlib.sha256((root / name).read_bytes()).digest())
    version = digest.hexdigest()[:16]
    urls = ["./"] + files
    worker.write_text(
        template.replace("__VERSION__", version).replace("__FILES__", json.dumps(urls, indent=2)),
        encoding="utf-8",
    )
    print(f"precache: {len(urls)} files, version {version}")


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR")
    if not target:
        sys.exit("precache: give the build directory (or run as a trunk hook)")
    apply(pathlib.Path(target))
