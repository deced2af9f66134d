//! One series a story needs, as a checklist item: ticked when the dataset holds it, else where
//! to download it free (links the user opens; the app requests nothing).

use crate::lab::story::needs::Need;
use leptos::prelude::*;

/// A checklist item for `need`.
pub fn need_item(need: Need) -> impl IntoView {
    let Need {
        subject,
        symbols,
        found,
        sources,
    } = need;
    let stands_for = if symbols.len() > 1 || symbols.first() != Some(&subject) {
        format!("({})", symbols.join(", "))
    } else {
        String::new()
    };
    let have = found.is_some();
    let key = subject.clone();
    let status = match &found {
        Some(symbol) => format!("in the dataset as {symbol}"),
        None => "not in this dataset".to_string(),
    };
    let where_to = (!have).then(|| {
        let links = sources
            .into_iter()
            .map(|s| {
                view! {
                    <li>
                        <a href=s.url target="_blank" rel="noopener noreferrer">{s.site}</a>
                        " "
                        <span class="muted small">{s.how}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="need__sources">
                <summary>"Where to get it"</summary>
                <ul>{links}</ul>
            </details>
        }
    });
    view! {
        <li class="need" class:need--found=have data-need=key>
            <span class="need__mark" aria-hidden="true">{if have { "\u{2713}" } else { "\u{25cb}" }}</span>
            <span class="need__what">
                <strong>{subject}</strong>
                " "
                <span class="muted small">{stands_for}</span>
                <span class="need__status small">{status}</span>
            </span>
            {where_to}
        </li>
    }
}
