//! The Story check as a self-contained HTML report: the claims, their verdicts, computed and
//! stated values, the inputs and notes, a chart image per claim (PNG data URLs) and the data
//! it was checked against. One file with its styles inline and no external resource, so it
//! opens offline and can be mailed. Every text is HTML-escaped: claims and symbols come from
//! users' links and files.

use crate::engine::claims::{Claim, Evaluation, Verdict};

/// One claim of the report.
pub struct ReportClaim<'a> {
    pub claim: &'a Claim,
    pub evaluation: &'a Evaluation,
    /// A PNG data URL of the claim's chart (`data:image/png;base64,...`); anything else is
    /// left out.
    pub chart_png: Option<String>,
    /// How unusual the claim's number is (its base rate, in a sentence).
    pub base_rate: Option<String>,
}

/// The report's content.
pub struct StoryReport<'a> {
    pub title: String,
    /// Where the claims come from (the story).
    pub source: Option<String>,
    /// When the report was made (as the user's clock says), e.g. `2026-11-30 14:05`.
    pub generated: String,
    /// What the claims were checked against: dataset, files, holdings, category table.
    pub data: Vec<String>,
    /// The scenario's link, to open the same check in Rotation Lab.
    pub link: Option<String>,
    pub claims: Vec<ReportClaim<'a>>,
    /// What came next: a note on the episodes, then titled tables (base rates, forward
    /// returns, episodes).
    pub history_note: Option<String>,
    pub history: Vec<(String, crate::tables::TableData)>,
}

/// A table as HTML, every cell escaped.
fn table_html(title: &str, table: &crate::tables::TableData) -> String {
    let mut html = format!("<table>\n<caption>{}</caption>\n<tr>", escape(title));
    for c in &table.columns {
        html.push_str(&format!("<th>{}</th>", escape(&c.label)));
    }
    html.push_str("</tr>\n");
    for row in &table.rows {
        html.push_str("<tr>");
        for cell in &row.cells {
            html.push_str(&format!("<td>{}</td>", escape(&cell.text)));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
    html
}

/// `text` with `& < > " '` escaped for HTML text and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root{--text:#17212b;--muted:#5b6773;--border:#d9dee4;--ok:#17703a;--ok-soft:#e3f3e8;--bad:#b3261e;--bad-soft:#fbe7e6;--na:#6b5b00;--na-soft:#f6f0d2}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--text);background:#f5f7f9}
main{max-width:920px;margin:0 auto;padding:32px 24px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:17px;margin:0}
.muted{color:var(--muted)}
.summary{display:flex;gap:12px;margin:20px 0}
.summary div{flex:1;background:#fff;border:1px solid var(--border);border-radius:8px;padding:12px 16px}
.summary b{display:block;font-size:24px}
.claim{background:#fff;border:1px solid var(--border);border-left:4px solid var(--border);border-radius:8px;padding:16px 20px;margin:14px 0;break-inside:avoid}
.claim--supported{border-left-color:var(--ok)}
.claim--contradicted{border-left-color:var(--bad)}
.claim--not-checkable{border-left-color:var(--na)}
.verdict{display:inline-block;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;border-radius:99px;padding:2px 10px;margin-bottom:6px}
.verdict--supported{background:var(--ok-soft);color:var(--ok)}
.verdict--contradicted{background:var(--bad-soft);color:var(--bad)}
.verdict--not-checkable{background:var(--na-soft);color:var(--na)}
blockquote{margin:4px 0 8px;font-style:italic}
dl{display:flex;gap:32px;margin:8px 0}
dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}
td{border-top:1px solid var(--border);padding:4px 8px 4px 0;vertical-align:top;font-variant-numeric:tabular-nums}
td:first-child{color:var(--muted);width:40%}
ul{margin:6px 0;padding-left:18px;font-size:13px;color:var(--muted)}
img{max-width:100%;border:1px solid var(--border);border-radius:6px;margin-top:8px}
footer{margin-top:28px;font-size:13px;color:var(--muted)}
";

fn class_of(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Supported => "supported",
        Verdict::Contradicted => "contradicted",
        Verdict::NotCheckable { .. } => "not-checkable",
    }
}

/// The report as one HTML document.
pub fn story_report(report: &StoryReport) -> String {
    let count = |class: &str| {
        report
            .claims
            .iter()
            .filter(|c| class_of(&c.evaluation.verdict) == class)
            .count()
    };
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // The report runs no script and loads nothing.
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n");
    html.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&report.title)
    ));
    html.push_str(&format!(
        "<p class=\"muted\">Rotation Lab · Story check</p>\n<h1>{}</h1>\n",
        escape(&report.title)
    ));
    if let Some(source) = &report.source {
        html.push_str(&format!("<p class=\"muted\">{}</p>\n", escape(source)));
    }
    html.push_str(&format!(
        "<div class=\"summary\"><div><b>{}</b>supported</div><div><b>{}</b>contradicted</div><div><b>{}</b>not checkable with this data</div></div>\n",
        count("supported"),
        count("contradicted"),
        count("not-checkable")
    ));
    for (i, item) in report.claims.iter().enumerate() {
        let (claim, e) = (item.claim, item.evaluation);
        let unit = claim.metric.unit();
        let class = class_of(&e.verdict);
        html.push_str(&format!(
            "<section class=\"claim claim--{class}\">\n<span class=\"verdict verdict--{class}\">{}</span>\n<h2>Claim {}</h2>\n<blockquote>“{}”</blockquote>\n<p class=\"muted\">Read as: {}</p>\n",
            e.verdict.label(),
            i + 1,
            escape(&claim.text),
            escape(&claim.reading())
        ));
        html.push_str(&format!(
            "<dl><div><dt>Computed</dt><dd>{}</dd></div><div><dt>Stated</dt><dd>{}</dd></div></dl>\n",
            e.value.map_or("—".to_string(), |v| escape(&unit.format(v))),
            escape(&claim.comparator.describe(claim.stated, unit))
        ));
        if let Verdict::NotCheckable { reason } = &e.verdict {
            html.push_str(&format!(
                "<p>Not checkable: {}.</p>\n",
                escape(reason.trim_end_matches('.'))
            ));
        }
        if !e.inputs.is_empty() {
            html.push_str("<table>\n");
            for input in &e.inputs {
                html.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td></tr>\n",
                    escape(&input.label),
                    escape(&input.detail)
                ));
            }
            html.push_str("</table>\n");
        }
        if let Some(sentence) = &item.base_rate {
            html.push_str(&format!(
                "<p><b>How unusual:</b> {}</p>\n",
                escape(sentence)
            ));
        }
        if !e.notes.is_empty() {
            html.push_str("<ul>\n");
            for note in &e.notes {
                html.push_str(&format!("<li>{}</li>\n", escape(note)));
            }
            html.push_str("</ul>\n");
        }
        if let Some(png) = item
            .chart_png
            .as_deref()
            .filter(|p| p.starts_with("data:image/png;base64,"))
            .filter(|p| {
                p["data:image/png;base64,".len()..]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            })
        {
            html.push_str(&format!(
                "<img src=\"{png}\" alt=\"Rebased closes of {} over the claim's period\">\n",
                escape(&e.symbols.join(", "))
            ));
        }
        html.push_str("</section>\n");
    }
    if !report.history.is_empty() {
        html.push_str("<section class=\"history\">\n<h2>How unusual, and what came next</h2>\n");
        if let Some(note) = &report.history_note {
            html.push_str(&format!("<p>{}</p>\n", escape(note)));
        }
        for (title, table) in &report.history {
            html.push_str(&table_html(title, table));
        }
        html.push_str("</section>\n");
    }
    html.push_str("<footer>\n<p><b>Checked against:</b></p>\n<ul>\n");
    for line in &report.data {
        html.push_str(&format!("<li>{}</li>\n", escape(line)));
    }
    html.push_str("</ul>\n");
    html.push_str("<p>Returns run from the last close before the period to the last close in it. A fund standing in for an index returns its total return (with adjusted closes), which differs from the price index by dividends and fees.</p>\n");
    if let Some(link) = &report.link {
        html.push_str(&format!(
            "<p>Open this check in Rotation Lab: <a href=\"{0}\">{0}</a></p>\n",
            escape(link)
        ));
    }
    html.push_str(&format!(
        "<p>Made with Rotation Lab on {}; computed in the browser, nothing was uploaded.</p>\n</footer>\n</main>\n</body>\n</html>\n",
        escape(&report.generated)
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::claims::{preset, Input};

    #[test]
    fn the_report_is_one_escaped_file_with_every_claim() {
        let mut claims = preset::ai_rotation_q3_2025();
        claims[0].text = "<script>alert(1)</script> & more".into();
        let evaluations = [
            Evaluation {
                value: Some(0.0896),
                verdict: Verdict::Contradicted,
                inputs: vec![Input {
                    label: "Nasdaq-100 via QQQ".into(),
                    detail: "close 2025-06-30 551.64 to 2025-09-30 600.37: +8.83%".into(),
                }],
                notes: vec!["A fund stands in.".into()],
                symbols: vec!["QQQ".into()],
            },
            Evaluation {
                value: None,
                verdict: Verdict::NotCheckable {
                    reason: "the data has no Russell 2000 series".into(),
                },
                inputs: Vec::new(),
                notes: Vec::new(),
                symbols: Vec::new(),
            },
        ];
        let report = StoryReport {
            title: "AI rotation, Q3 2025".into(),
            source: Some("The seed story".into()),
            generated: "2026-11-30 14:05".into(),
            data: vec!["Dataset “ETFs” (3 series)".into()],
            link: Some("https://example.test/#/story-check?s=abc".into()),
            claims: vec![
                ReportClaim {
                    claim: &claims[0],
                    evaluation: &evaluations[0],
                    chart_png: Some("data:image/png;base64,iVBORw0KGgo=".into()),
                    base_rate: Some("In 101 quarters <b>".into()),
                },
                ReportClaim {
                    claim: &claims[1],
                    evaluation: &evaluations[1],
                    chart_png: Some("javascript:alert(1)".into()),
                    base_rate: None,
                },
            ],
            history_note: None,
            history: Vec::new(),
        };
        let html = story_report(&report);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
        assert!(html.contains("<b>How unusual:</b> In 101 quarters &lt;b&gt;"));
        assert!(!html.contains("<script"));
        assert!(html.contains("<div><b>0</b>supported</div><div><b>1</b>contradicted</div><div><b>1</b>not checkable with this data</div>"));
        assert!(html.contains("<dd>+8.96%</dd>"));
        assert!(html.contains("<dd>about +11.40% (± 0.50 pp)</dd>"));
        assert!(html.contains("<p>Not checkable: the data has no Russell 2000 series.</p>"));
        assert!(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\""));
        assert!(!html.contains("javascript:"));
        // Nothing outside the file: no script, no stylesheet or image by address.
        assert!(!html.contains("src=\"http") && !html.contains("<link"));
    }
}
