//! Browser tests (wasm-bindgen-test in headless Chromium): the code paths that need a browser.
#![cfg(target_arch = "wasm32")]

use flate2::{write::GzEncoder, Compression};
use leptos::prelude::*;
use rotation_lab::app::views::returns_table::ReturnsTableView;
use rotation_lab::engine::returns::{returns_table, BaseConvention};
use rotation_lab::ingest::{into_dataset, read_file, Choices};
use rotation_lab::platform::{fetch::fetch_bytes, perf};
use std::io::Write;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const WIDE: &str = "date,BIG,SMALL\n2025-06-30,100,50\n2025-09-30,111.4,56.2\n2025-10-01,112,56\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[wasm_bindgen_test]
fn gzip_files_are_read_in_the_browser() {
    let read = read_file("q3.csv.gz", &gzip(WIDE.as_bytes()), &Choices::default()).unwrap();
    assert_eq!(read.series.len(), 2);
    assert_eq!(read.series[1].values(), [50.0, 56.2, 56.0]);
}

/// Lines are split 16 bytes at a time in wasm SIMD (`ingest::records`): symbols of 1 to 16
/// characters put each delimiter at each place of a block, some lines end in `\r\n`, some
/// symbols are quoted (read by `csv_core`) and some hold a letter outside ASCII (a line is
/// taken as text without a UTF-8 check only when the blocks find no byte above 0x7f); every
/// symbol and close comes back as the file wrote it, and a byte that is not UTF-8 is an error
/// at its line and column.
#[wasm_bindgen_test]
fn lines_are_split_in_wasm_simd_as_written() {
    let mut text = String::from("date,symbol,close\n");
    let symbol = |s: usize| {
        let letter = if s % 5 == 4 { "É" } else { "K" };
        format!("{}{s}", letter.repeat(s % 16))
    };
    let close = |s: usize, day: usize| (s * 10 + day) as f64 + 0.25;
    for s in 0..40 {
        for (day, date) in [(2, "2025-01-02"), (3, "2025-01-03"), (6, "2025-01-06")] {
            let name = if s % 7 == 3 {
                format!("\"{}\"", symbol(s))
            } else {
                symbol(s)
            };
            let end = if s % 2 == 1 { "\r\n" } else { "\n" };
            text.push_str(&format!("{date},{name},{}{end}", close(s, day)));
        }
    }
    let read = read_file("blocks.csv", text.as_bytes(), &Choices::default()).unwrap();
    assert_eq!(read.series.len(), 40);
    for (s, series) in read.series.iter().enumerate() {
        assert_eq!(series.symbol, symbol(s));
        assert_eq!(series.values(), [close(s, 2), close(s, 3), close(s, 6)]);
    }
    // Latin-1's É (0xc9), not UTF-8, at each place of the line's second block.
    for at in 0..16 {
        let mut bytes = b"date,symbol,close\n2025-01-02,SPY,1\n2025-01-03,".to_vec();
        bytes.extend(std::iter::repeat_n(b'K', at));
        bytes.extend_from_slice(b"\xc9,2\n");
        let error = read_file("latin1.csv", &bytes, &Choices::default()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("latin1.csv:3:2 (column symbol): the file is not UTF-8 text"),
            "{error}"
        );
    }
}

/// Lets the reactive system run its effects (a macrotask later).
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_returns_table_renders_a_row_per_symbol_with_engine_values() {
    let read = read_file("q3.csv", WIDE.as_bytes(), &Choices::default()).unwrap();
    let dataset = into_dataset("test", vec![read]).unwrap();
    let table = returns_table(
        &dataset.series.iter().collect::<Vec<_>>(),
        "2025-09-30".parse().unwrap(),
        Some("2025-07-01".parse().unwrap()),
        BaseConvention::PriorClose,
    )
    .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(
        host.clone(),
        move || view! { <ReturnsTableView table=table.clone() /> },
    );

    let rows = host.query_selector_all("table.returns tbody tr").unwrap();
    assert_eq!(rows.length(), 2);
    let first_row: web_sys::Element = rows.get(0).unwrap().unchecked_into();
    let cells: Vec<String> = (0..first_row.children().length())
        .map(|i| {
            first_row
                .children()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
                .trim()
                .to_string()
        })
        .collect();
    // Symbol, basis, Range (+11.4%), QTD (+11.4% as of Sep 30), YTD and older quarters
    // unavailable.
    assert_eq!((cells[0].as_str(), cells[1].as_str()), ("BIG", "?"));
    assert_eq!(cells[2], "+11.4%");
    assert_eq!(cells[3], "+11.4%");
    assert!(cells[4].starts_with('–'), "{}", cells[4]);
    let headers = host.query_selector_all("table.returns thead th").unwrap();
    assert_eq!(headers.length(), 10);
    assert_eq!(
        host.query_selector(".returns-block")
            .unwrap()
            .unwrap()
            .get_attribute("data-as-of")
            .as_deref(),
        Some("2025-09-30")
    );
    // Sorting by a column's heading reorders the rows, largest first for numbers.
    let range_heading: web_sys::HtmlElement = host
        .query_selector("table.returns thead th:nth-child(3) button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    range_heading.click();
    next_tick().await;
    // (symbol, Range value) of each row in the order shown.
    let shown: Vec<(String, f64)> = (0..2)
        .map(|i| {
            let row: web_sys::Element = host
                .query_selector_all("table.returns tbody tr")
                .unwrap()
                .get(i)
                .unwrap()
                .unchecked_into();
            let cell = |c: u32| row.children().item(c).unwrap().text_content().unwrap();
            (cell(0), cell(2).trim_end_matches('%').parse().unwrap())
        })
        .collect();
    // SMALL (+12.4%) now comes before BIG (+11.4%).
    assert_eq!(
        shown,
        [("SMALL".to_string(), 12.4), ("BIG".to_string(), 11.4)]
    );
    let th: web_sys::Element = host
        .query_selector("table.returns thead th:nth-child(3)")
        .unwrap()
        .unwrap();
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("descending"));
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
fn performance_marks_are_recorded() {
    assert!(!perf::has_mark("rotlab:test-mark"));
    perf::mark("rotlab:test-mark");
    assert!(perf::has_mark("rotlab:test-mark"));
}

#[wasm_bindgen_test]
async fn a_missing_file_gives_an_http_error_message() {
    let err = fetch_bytes("/no/such/file.csv").await.unwrap_err();
    assert!(
        err.starts_with("/no/such/file.csv: the server answered HTTP 404"),
        "{err}"
    );
}

/// The correlation matrix in the browser's wasm (its dot product uses SIMD there) gives what
/// numpy gives: `np.corrcoef` of the two columns' simple returns (13 returns: three chunks of
/// four lanes and a tail of one).
#[wasm_bindgen_test]
fn the_correlation_matrix_agrees_with_numpy_in_wasm() {
    use rotation_lab::engine::align::Panel;
    use rotation_lab::engine::risk::correlation_matrix;
    let a = [
        100.0, 101.5, 100.7, 102.2, 103.9, 103.1, 104.8, 104.0, 105.6, 107.3, 106.1, 108.0, 109.4,
        108.7,
    ];
    let b = [
        50.0, 50.4, 50.9, 50.2, 51.3, 51.0, 51.9, 52.6, 52.1, 53.0, 53.8, 53.2, 54.1, 54.9,
    ];
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let panel = Panel {
        dates: (0..14).map(|i| start + chrono::Duration::days(i)).collect(),
        symbols: vec!["A".into(), "B".into()],
        columns: vec![a.to_vec(), b.to_vec()],
    };
    let m = correlation_matrix(&panel);
    assert!(
        (m.values[1] - -0.15955345386995454).abs() < 1e-14,
        "{}",
        m.values[1]
    );
    assert_eq!(m.values[1], m.values[2]);
    assert_eq!((m.values[0], m.values[3]), (1.0, 1.0));
}

/// Resolves in the next animation frame's callbacks (registered after any earlier ones).
async fn animation_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// How many frames `after_quiet_frame(".chart")` waits while the page changes in each of the
/// first `changed_frames` frames, inside a `.chart` element or outside one. The changes are
/// made in each frame's callbacks after the wait's own, so the frame's layout sees them, but
/// the wait, which counts from its callback on, must take them for changes made after it.
async fn frames_waited(changed_frames: usize, inside_a_chart: bool) -> usize {
    use rotation_lab::platform::files::{after_quiet_frame, yield_now};
    use std::{cell::Cell, rc::Rc};
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    if inside_a_chart {
        host.set_class_name("chart");
    }
    document.body().unwrap().append_child(&host).unwrap();
    let done = Rc::new(Cell::new(false));
    let flag = done.clone();
    wasm_bindgen_futures::spawn_local(async move {
        after_quiet_frame(".chart").await;
        flag.set(true);
    });
    // The wait asks for its frame first (its task runs before this one's next).
    yield_now().await;
    let mut frames = 0;
    while !done.get() && frames < 20 {
        animation_frame().await;
        frames += 1;
        if frames <= changed_frames {
            host.append_child(&document.create_text_node("changed"))
                .unwrap();
        }
        // The wait's task after the frame was queued before this one.
        yield_now().await;
    }
    host.remove();
    frames
}

#[wasm_bindgen_test]
async fn a_first_chart_drawing_waits_for_a_frame_after_which_the_page_did_not_change() {
    // Nothing changes: the first frame will do.
    assert_eq!(frames_waited(0, false).await, 1);
    // The page changes in three frames: the fourth is the first with nothing changed after it.
    assert_eq!(frames_waited(3, false).await, 4);
    // Changes inside a chart (ECharts drawing another one) do not count.
    assert_eq!(frames_waited(3, true).await, 1);
    // A page that never stops changing is waited for six frames at most.
    assert_eq!(frames_waited(100, false).await, 6);
}

/// The values of a select's options, and the selected one's.
fn options_shown(select: &web_sys::HtmlSelectElement) -> (Vec<String>, String) {
    let values = (0..select.length())
        .map(|i| {
            let option: web_sys::HtmlOptionElement = select.item(i).unwrap().unchecked_into();
            format!("{}={}", option.value(), option.text())
        })
        .collect();
    (values, select.value())
}

#[wasm_bindgen_test]
async fn a_long_list_of_options_follows_its_items_and_its_choice() {
    use rotation_lab::app::widgets::options::{options_after_blank, options_of};
    let items = RwSignal::new(vec![
        "QQQ".to_string(),
        "IWM".to_string(),
        "SPY".to_string(),
    ]);
    let chosen = RwSignal::new(Some("IWM".to_string()));
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let shown = RwSignal::new(true);
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let list = options_of(move || items.get(), move || chosen.get());
        let add = options_after_blank("Choose…", move || items.get());
        view! {
            <Show when=move || shown.get()><select id="choice" node_ref=list></select></Show>
            <select id="add" node_ref=add></select>
        }
    });
    next_tick().await;
    let select = |id: &str| -> web_sys::HtmlSelectElement {
        host.query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    let names = |list: &[&str]| list.iter().map(|s| format!("{s}={s}")).collect::<Vec<_>>();
    assert_eq!(
        options_shown(&select("choice")),
        (names(&["QQQ", "IWM", "SPY"]), "IWM".into())
    );
    // The blank comes first, with its text and an empty value, and is selected.
    let (values, value) = options_shown(&select("add"));
    assert_eq!(values[0], "=Choose…");
    assert_eq!(&values[1..], names(&["QQQ", "IWM", "SPY"]));
    assert_eq!(value, "");
    // A new choice is selected without new options.
    let first_option = select("choice").item(0).unwrap();
    chosen.set(Some("SPY".into()));
    next_tick().await;
    assert_eq!(select("choice").value(), "SPY");
    assert!(select("choice").item(0).unwrap() == first_option);
    // New items: their options, the choice kept when it is one of them.
    items.set(vec!["SPY".into(), "XLK".into()]);
    next_tick().await;
    assert_eq!(
        options_shown(&select("choice")),
        (names(&["SPY", "XLK"]), "SPY".into())
    );
    // A choice that is not an item, or none: the first item.
    chosen.set(Some("DIA".into()));
    next_tick().await;
    assert_eq!(select("choice").value(), "SPY");
    chosen.set(Some("XLK".into()));
    next_tick().await;
    assert_eq!(select("choice").value(), "XLK");
    chosen.set(None);
    next_tick().await;
    assert_eq!(select("choice").value(), "SPY");
    // Hidden and shown again, the list is a new element: it gets the options too.
    shown.set(false);
    next_tick().await;
    assert!(host.query_selector("#choice").unwrap().is_none());
    shown.set(true);
    next_tick().await;
    assert_eq!(
        options_shown(&select("choice")),
        (names(&["SPY", "XLK"]), "SPY".into())
    );
    // No items: no option selected.
    items.set(Vec::new());
    next_tick().await;
    assert_eq!(
        options_shown(&select("choice")),
        (Vec::new(), String::new())
    );
    assert_eq!(select("choice").selected_index(), -1);
    drop(handle);
    host.remove();
}

/// The prerendered first view's parts in the body (what scripts/first_view.mjs writes).
fn first_view_parts(document: &web_sys::Document) {
    let body = document.body().unwrap();
    for (tag, class) in [
        ("p", "first-view__status"),
        ("div", "first-view first-view--wide"),
    ] {
        let element = document.create_element(tag).unwrap();
        element.set_class_name(class);
        body.append_child(&element).unwrap();
    }
    let chart = document.create_element("div").unwrap();
    chart.set_attribute("data-first-view-chart", "0").unwrap();
    document
        .query_selector(".first-view--wide")
        .unwrap()
        .unwrap()
        .append_child(&chart)
        .unwrap();
}

fn first_view_parts_left(document: &web_sys::Document) -> u32 {
    document
        .query_selector_all(".first-view, .first-view__status, [data-first-view-chart]")
        .unwrap()
        .length()
}

#[wasm_bindgen_test]
fn the_first_view_is_removed_unless_shown_and_lifted_by_the_first_chart() {
    use rotation_lab::platform::{echarts::FIRST_CHART_MARK, first_view};
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.document_element().unwrap();
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance.clear_marks_with_mark_name(FIRST_CHART_MARK);
    // Not shown (a link, a returning visitor): its markup goes as the app starts.
    first_view_parts(&document);
    assert_eq!(first_view_parts_left(&document), 3);
    first_view::take_over();
    assert_eq!(first_view_parts_left(&document), 0);
    assert!(!first_view::covering());
    // A first-view script that comes later sees that the app runs.
    assert_eq!(root.get_attribute("data-app").as_deref(), Some("started"));
    // Shown: it covers the app until the app's first chart is drawn.
    first_view_parts(&document);
    root.set_attribute("data-first-view", "shown").unwrap();
    first_view::take_over();
    assert!(first_view::covering());
    assert_eq!(
        root.get_attribute("data-first-view").as_deref(),
        Some("covering")
    );
    assert_eq!(first_view_parts_left(&document), 3);
    // The app mounted under it takes no focus or click; the picture itself stays as it is.
    let app = document.create_element("main").unwrap();
    document.body().unwrap().append_child(&app).unwrap();
    first_view::cover_app();
    assert!(app.has_attribute("inert"));
    let wide = document
        .query_selector(".first-view--wide")
        .unwrap()
        .unwrap();
    assert!(!wide.has_attribute("inert"));
    // Once that chart is there (its mark), the picture is lifted at once, the app live.
    perf::mark(FIRST_CHART_MARK);
    first_view::take_over();
    assert_eq!(first_view_parts_left(&document), 0);
    assert_eq!(root.get_attribute("data-first-view"), None);
    assert!(!first_view::covering());
    assert!(!app.has_attribute("inert"));
    // Not covering: nothing is made inert.
    first_view::cover_app();
    assert!(!app.has_attribute("inert"));
    app.remove();
}
