//! The crate's layers (ARCHITECTURE.md, README "Code map"): `model` at the bottom; `ingest`
//! and `engine` on it, beside each other; `scenario` on the engine; `lab` on all of those;
//! `charts` on the lab. A module may name only the layers below it, so no two of them import
//! each other in a circle. The check reads the sources as a reader would: every `crate::x`
//! path in a layer's files (comments included, since a doc link is a dependency too).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Each layer with the layers it may use.
const LAYERS: [(&str, &[&str]); 6] = [
    ("model", &[]),
    ("ingest", &["model"]),
    ("engine", &["model"]),
    ("scenario", &["model", "engine"]),
    ("lab", &["model", "ingest", "engine", "scenario"]),
    ("charts", &["model", "engine", "lab"]),
];

/// Where a layer's folder is: `model` and `engine` are the `rotlab-core` package (`core/src`,
/// built for speed in the page's wasm too), the others the app's (`src`).
fn layer_dir(layer: &str) -> &'static str {
    if matches!(layer, "model" | "engine") {
        "core/src"
    } else {
        "src"
    }
}

/// Every Rust file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate modules a file names (`crate::engine::...`, `crate::engine;`), with the line.
fn named_modules(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((i + 1, name));
        }
    }
    found
}

#[test]
fn each_layer_names_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layers: BTreeSet<&str> = LAYERS.iter().map(|(l, _)| *l).collect();
    let mut wrong = Vec::new();
    for (layer, allowed) in LAYERS {
        let mut files = Vec::new();
        sources(&root.join(layer_dir(layer)).join(layer), &mut files);
        assert!(
            !files.is_empty(),
            "{}/{layer} has no source files",
            layer_dir(layer)
        );
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for (line, name) in named_modules(&text) {
                if name != layer && layers.contains(name.as_str()) && !allowed.contains(&&*name) {
                    wrong.push(format!("{}:{line}: {layer} names {name}", file.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_a_path_in_code_and_in_a_doc_link() {
    let text = "use crate::engine::rotation::Formula;\n/// See [`crate::scenario::validate`].\nlet x = crate::model::Date::MIN;";
    assert_eq!(
        named_modules(text),
        [
            (1, "engine".to_string()),
            (2, "scenario".to_string()),
            (3, "model".to_string())
        ]
    );
}
