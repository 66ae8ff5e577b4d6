//! The browser's side of passkeys: WebAuthn through `navigator.credentials`, with the
//! options and answers in their standard JSON forms (`PublicKeyCredential`'s
//! `parse…OptionsFromJSON` and `toJSON`), so the server's webauthn-rs reads them as is.

use crate::domain::second_factor::FactorRefusal;
use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Creates a passkey with the server's creation options; answers the new credential.
pub async fn create(options: &str) -> Result<String, FactorRefusal> {
    ask("create", "parseCreationOptionsFromJSON", options).await
}

/// Signs the server's challenge with a passkey; answers the signed assertion.
pub async fn get(options: &str) -> Result<String, FactorRefusal> {
    ask("get", "parseRequestOptionsFromJSON", options).await
}

fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name)).ok().filter(|value| !value.is_undefined() && !value.is_null())
}

fn function(target: &JsValue, name: &str) -> Result<Function, FactorRefusal> {
    property(target, name).and_then(|value| value.dyn_into().ok()).ok_or(FactorRefusal::PasskeysUnsupported)
}

async fn ask(method: &str, parse: &str, options: &str) -> Result<String, FactorRefusal> {
    let window: JsValue = web_sys::window().ok_or(FactorRefusal::PasskeysUnsupported)?.into();
    let class = property(&window, "PublicKeyCredential").ok_or(FactorRefusal::PasskeysUnsupported)?;
    let parse = function(&class, parse)?;
    let credentials = property(&window, "navigator")
        .and_then(|navigator| property(&navigator, "credentials"))
        .ok_or(FactorRefusal::PasskeysUnsupported)?;
    let call = function(&credentials, method)?;
    let options = JSON::parse(options).map_err(|_| FactorRefusal::PasskeyNotAccepted)?;
    let public_key = property(&options, "publicKey").ok_or(FactorRefusal::PasskeyNotAccepted)?;
    let public_key = parse.call1(&class, &public_key).map_err(|_| FactorRefusal::PasskeyNotAccepted)?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &public_key)
        .map_err(|_| FactorRefusal::PasskeyNotAccepted)?;
    let promise: Promise = call
        .call1(&credentials, &request)
        .map_err(refusal)?
        .dyn_into()
        .map_err(|_| FactorRefusal::PasskeysUnsupported)?;
    let credential = JsFuture::from(promise).await.map_err(refusal)?;
    JSON::stringify(&credential).ok().and_then(|json| json.as_string()).ok_or(FactorRefusal::PasskeyNotAccepted)
}

/// What a refused WebAuthn call means for the person (its DOMException's name).
fn refusal(error: JsValue) -> FactorRefusal {
    match property(&error, "name").and_then(|name| name.as_string()).as_deref() {
        // Dismissed, timed out, or no passkey of this portal on the device.
        Some("NotAllowedError" | "AbortError") => FactorRefusal::PasskeyCancelled,
        // The authenticator holds one of this account's passkeys already.
        Some("InvalidStateError") => FactorRefusal::PasskeyAlreadyRegistered,
        Some("NotSupportedError" | "SecurityError") => FactorRefusal::PasskeysUnsupported,
        _ => FactorRefusal::PasskeyNotAccepted,
    }
}
