//! Moving keyboard focus to what just changed, so keyboard and screen-reader users carry
//! on from the new content instead of starting again at the top of the page (a wizard's
//! buttons are re-drawn on each step, which would otherwise drop focus on the body).

use leptos::html::H2;
use leptos::prelude::*;

/// Focuses `heading` whenever `watched` changes value (not on the first render: arriving
/// on a page keeps the browser's own focus order).
pub fn focus_on_change<T: PartialEq + 'static>(heading: NodeRef<H2>, watched: impl Fn() -> T + 'static) {
    Effect::new(move |previous: Option<T>| {
        let current = watched();
        if previous.is_some_and(|previous| previous != current) {
            if let Some(heading) = heading.get_untracked() {
                let _ = heading.focus();
            }
        }
        current
    });
}

/// Focuses `heading` as soon as it is on the page (a result that replaces a form).
pub fn focus_when_shown(heading: NodeRef<H2>) {
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
}
