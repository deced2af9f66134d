#!/usr/bin/env python3
"""Give a finished build a strict Content-Security-Policy.

Trunk writes the code that starts the wasm as an inline module script; a strict policy allows
no inline script, so this moves it into a file of its own (`boot-<digest>.js`, loaded with
`<script type="module" src>`), checks that no other inline script or inline event handler is
left, and puts the policy in a `<meta http-equiv="Content-Security-Policy">` as the first
element of `<head>`. The same policy, for hosts that send headers, is in README.md (Security);
`frame-ancestors` only works as a header.

Runs from scripts/post_build.py (trunk's post-build hook) or by hand: `python3 scripts/csp.py dist`.
"""

import hashlib
import pathlib
import re
import sys

# Every fetch or connection the app makes goes to its own files, or to an https address the
# user typed (Fetch URL) or opened in a link. A meta policy cannot grow while the page runs,
# so user addresses are allowed by scheme; the e2e test tests/e2e/privacy.test.mjs checks that
# nothing is requested that the user did not ask for.
POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        # ECharts positions its tooltip and canvas with style attributes, and leptos writes a
        # few `style` attributes: styles may be inline, scripts may not.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self' https:",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
)

INLINE_MODULE = re.compile(r"<script type=\"module\">(.*?)</script>", re.S)


def apply(root: pathlib.Path) -> None:
    page = root / "index.html"
    html = page.read_text(encoding="utf-8")
    if "Content-Security-Policy" in html:
        print("csp: index.html already has its policy")
        return
    inline = INLINE_MODULE.findall(html)
    if len(inline) != 1:
        sys.exit(f"csp: expected trunk's one inline module script in {page}, found {len(inline)}")
    code = inline[0].strip() + "\n"
    name = f"boot-{hashlib.sha256(code.encode()).hexdigest()[:16]}.js"
    (root / name).write_text(code, encoding="utf-8")
    html = INLINE_MODULE.sub(f'<script type="module" src="./{name}"></script>', html)
    leftover = [
        m.group(0)[:80]
        for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    ] + re.findall(r"\son[a-z]+\s*=", html)
    if leftover:
        sys.exit(f"csp: inline script left in {page}: {leftover}")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}" />'
    html = html.replace("<head>", "<head>\n    " + meta, 1)
    page.write_text(html, encoding="utf-8")
    print(f"csp: policy set, trunk's start-up moved to {name}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: csp.py <build directory>")
    apply(pathlib.Path(sys.argv[1]))
