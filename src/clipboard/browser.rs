//! Copying text to the clipboard from the browser (the Clipboard API, which exists only on
//! secure pages: HTTPS and localhost).

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Puts `text` on the clipboard; `false` when the browser has no clipboard for this page
/// or refused (the person then selects and copies it by hand).
pub async fn copy(text: String) -> bool {
    let write = || -> Option<Promise> {
        let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
        let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
        if clipboard.is_undefined() || clipboard.is_null() {
            return None;
        }
        let write_text = Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?.dyn_into::<Function>().ok()?;
        write_text.call1(&clipboard, &JsValue::from_str(&text)).ok()?.dyn_into::<Promise>().ok()
    };
    match write() {
        Some(written) => wasm_bindgen_futures::JsFuture::from(written).await.is_ok(),
        None => false,
    }
}
