//! Form fields that show the server's own message next to the field it is about.

use crate::error::AppError;
use leptos::prelude::*;

/// A labelled input. `error` is the last error of the form; the field shows the part
/// of it that concerns `name`, and marks itself invalid for assistive technology.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
    /// Distinguishes the ids of two forms on one page that share a field name.
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let id = field_id(&scope, name);
    let message_id = format!("{id}-message");
    let hint_id = format!("{id}-hint");
    let message = Memo::new(move |_| error.get().and_then(|error| error.field_message(name)));
    let described_by = {
        let message_id = message_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if !hint.is_empty() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(message_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id.clone()
                name=name
                type=input_type
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                maxlength=maxlength.map(|max| max.to_string())
                value=value
                required=required
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=described_by
            />
            {move || message.get().map(|text| view! { <p class="field-error" id=message_id.clone()>{text}</p> })}
        </div>
    }
}

/// `field-{name}`, or `field-{scope}-{name}` when two forms on a page share a name.
fn field_id(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        format!("field-{name}")
    } else {
        format!("field-{scope}-{name}")
    }
}

/// The form-level part of an error: everything that is not about a single field.
pub fn form_level(error: Option<AppError>) -> Option<AppError> {
    error.filter(|error| !matches!(error, AppError::Validation(_)))
}

/// The last error of a server action, as a signal a form's fields share.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// A labelled `<select>` that shows the server's message for `name`.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    /// (value, label) pairs, in display order.
    options: Vec<(String, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let id = field_id(&scope, name);
    let message_id = format!("{id}-message");
    let message = Memo::new(move |_| error.get().and_then(|error| error.field_message(name)));
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field-hint">{hint}</p> })}
            <select
                id=id.clone()
                name=name
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby={
                    let message_id = message_id.clone();
                    move || message.get().is_some().then(|| message_id.clone())
                }
            >
                {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
            {move || message.get().map(|text| view! { <p class="field-error" id=message_id.clone()>{text}</p> })}
        </div>
    }
}

/// A labelled multi-line text box that shows the server's message for `name`.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let id = field_id(&scope, name);
    let message_id = format!("{id}-message");
    let message = Memo::new(move |_| error.get().and_then(|error| error.field_message(name)));
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="field-hint">{hint}</p> })}
            <textarea
                id=id.clone()
                name=name
                rows="6"
                maxlength=maxlength.map(|max| max.to_string())
                aria-invalid=move || message.get().is_some().then_some("true")
            >
                {value}
            </textarea>
            {move || message.get().map(|text| view! { <p class="field-error" id=message_id.clone()>{text}</p> })}
        </div>
    }
}
