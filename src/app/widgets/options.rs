//! The options of a list that can be long: a dataset's symbols, 500 in the bench's universe.
//!
//! As views, each option was an element with an effect that watched the choice to set its
//! `selected`: 500 effects per list, built again with their view. Here a list's options are
//! made in one pass of DOM calls when the list changes, and one effect keeps the choice.
//! Opening the Relative strength view (two such lists) with 500 symbols went from a task of
//! 46-54 ms, nearly all script, to 34-38 ms
//! (`node tests/bench/trace-tasks.mjs relative-strength`).

use leptos::html::Select;
use leptos::prelude::*;
use web_sys::{HtmlOptionElement, HtmlSelectElement};

/// A `<select>`'s reference (`node_ref=`) that fills it with one option per item of `items`
/// (its value and its text) and keeps `chosen` selected: the first option when `chosen` is
/// `None` or not in the list, as a browser shows a list none of whose options is selected. The
/// options are made again only when the items change.
pub fn options_of(
    items: impl Fn() -> Vec<String> + 'static,
    chosen: impl Fn() -> Option<String> + 'static,
) -> NodeRef<Select> {
    fill(None, items, chosen)
}

/// [`options_of`] with a first option of value `""` shown as `blank` ("Choose…"), selected
/// until the user picks an item.
pub fn options_after_blank(
    blank: &'static str,
    items: impl Fn() -> Vec<String> + 'static,
) -> NodeRef<Select> {
    fill(Some(blank), items, || None)
}

fn fill(
    blank: Option<&'static str>,
    items: impl Fn() -> Vec<String> + 'static,
    chosen: impl Fn() -> Option<String> + 'static,
) -> NodeRef<Select> {
    let select = NodeRef::new();
    // Returns the element filled and the items it holds (none until it is in the page). The
    // element is another one when its part of the view is drawn again (a `Show` that hides and
    // shows it): the new one is empty.
    Effect::new(
        move |held: Option<Option<(HtmlSelectElement, Vec<String>)>>| {
            let list = items();
            let choice = chosen();
            let element = select.get()?;
            let filled = held
                .flatten()
                .is_some_and(|(before, items)| before == element && items == list);
            if !filled {
                replace_options(&element, blank, &list);
            }
            choose(&element, choice.as_deref());
            Some((element, list))
        },
    );
    select
}

/// The select's options become one per item, put in at once (a fragment): the list is
/// changed once, not once per option.
fn replace_options(element: &HtmlSelectElement, blank: Option<&str>, items: &[String]) {
    element.set_text_content(None);
    let Some(fragment) = element
        .owner_document()
        .map(|d| d.create_document_fragment())
    else {
        return;
    };
    let blank = blank.map(|text| (text, ""));
    for (text, value) in blank
        .into_iter()
        .chain(items.iter().map(|i| (i.as_str(), i.as_str())))
    {
        if let Ok(option) = HtmlOptionElement::new_with_text_and_value(text, value) {
            let _ = fragment.append_child(&option);
        }
    }
    let _ = element.append_child(&fragment);
}

/// Selects the option of value `choice`, or the first option when none has it (or there is no
/// choice).
fn choose(element: &HtmlSelectElement, choice: Option<&str>) {
    element.set_value(choice.unwrap_or(""));
    if element.selected_index() < 0 && element.length() > 0 {
        element.set_selected_index(0);
    }
}
