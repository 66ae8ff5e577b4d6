//! Form fields that show the server's own message next to the field it is about.

use crate::error::AppError;
use leptos::prelude::*;

/// The ids and the server's message of one form field, shared by its label, hint,
/// input and message so every field is wired for assistive technology the same way.
#[derive(Clone)]
struct FieldState {
    id: String,
    hint: Option<TextProp>,
    message: Memo<Option<String>>,
}

impl FieldState {
    fn new(scope: &str, name: &'static str, hint: Option<TextProp>, error: Signal<Option<AppError>>) -> Self {
        let message = Memo::new(move |_| error.get().and_then(|error| error.field_message(name)));
        FieldState { id: field_id(scope, name), hint, message }
    }

    fn invalid(&self) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let message = self.message;
        move || message.get().is_some().then_some("true")
    }

    fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static {
        let (message, has_hint) = (self.message, self.hint.is_some());
        let (hint_id, message_id) = (format!("{}-hint", self.id), format!("{}-message", self.id));
        move || {
            let ids: Vec<&str> = [has_hint.then_some(hint_id.as_str()), message.get().map(|_| message_id.as_str())]
                .into_iter()
                .flatten()
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }
}

/// Label, hint and the server's message around one input.
#[component]
fn FieldFrame(field: FieldState, label: TextProp, children: Children) -> impl IntoView {
    let message = field.message;
    let message_id = format!("{}-message", field.id);
    let hint_id = format!("{}-hint", field.id);
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=field.id.clone()>{move || label.get()}</label>
            {field.hint.map(|hint| view! { <p class="field-hint" id=hint_id>{move || hint.get()}</p> })}
            {children()}
            {move || message.get().map(|text| view! { <p class="field-error" id=message_id.clone()>{text}</p> })}
        </div>
    }
}

/// A labelled input. `error` is the last error of the form; the field shows the part
/// of it that concerns `name`, and marks itself invalid for assistive technology.
#[component]
pub fn TextField(
    #[prop(into)] label: TextProp,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
    /// Distinguishes the ids of two forms on one page that share a field name.
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let field = FieldState::new(&scope, name, hint, error);
    let (id, invalid, described_by) = (field.id.clone(), field.invalid(), field.described_by());
    view! {
        <FieldFrame field label>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                maxlength=maxlength.map(|max| max.to_string())
                value=value
                required=required
                aria-invalid=invalid
                aria-describedby=described_by
            />
        </FieldFrame>
    }
}

/// A new password's field: hidden as typed, the browser offered to suggest one, its rule
/// given as the hint, and the server's message for `name`.
#[component]
pub fn NewPasswordField(
    #[prop(into)] label: TextProp,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = crate::locale::i18n::use_i18n();
    view! {
        <TextField
            label
            name
            input_type="password"
            autocomplete="new-password"
            hint=move || crate::locale::i18n::t_string!(i18n, auth.password_hint)
            maxlength=crate::domain::password::NewPassword::MAX_CHARS
            error
            required=true
        />
    }
}

/// The field of a second-factor code: six digits from an authenticator app or a recovery
/// code (`with_recovery`), offered by the browser from a text message or a password manager.
#[component]
pub fn CodeField(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] with_recovery: bool,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let i18n = crate::locale::i18n::use_i18n();
    view! {
        <TextField
            label=move || crate::locale::i18n::t_string!(i18n, auth.code)
            name="code"
            autocomplete="one-time-code"
            hint=move || {
                if with_recovery {
                    crate::locale::i18n::t_string!(i18n, auth.code_hint_with_recovery)
                } else {
                    crate::locale::i18n::t_string!(i18n, auth.code_hint)
                }
            }
            maxlength=crate::domain::second_factor::FactorCode::MAX_CHARS
            error
            required=true
            scope
        />
    }
}

/// A labelled `<select>` that shows the server's message for `name`.
#[component]
pub fn SelectField(
    #[prop(into)] label: TextProp,
    name: &'static str,
    /// (value, label) pairs, in display order.
    options: Vec<(String, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let field = FieldState::new(&scope, name, hint, error);
    let (id, invalid, described_by) = (field.id.clone(), field.invalid(), field.described_by());
    view! {
        <FieldFrame field label>
            <select id=id name=name aria-invalid=invalid aria-describedby=described_by>
                {options.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A labelled multi-line text box that shows the server's message for `name`.
#[component]
pub fn TextArea(
    #[prop(into)] label: TextProp,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] scope: String,
) -> impl IntoView {
    let field = FieldState::new(&scope, name, hint, error);
    let (id, invalid, described_by) = (field.id.clone(), field.invalid(), field.described_by());
    view! {
        <FieldFrame field label>
            <textarea
                id=id
                name=name
                rows="6"
                maxlength=maxlength.map(|max| max.to_string())
                aria-invalid=invalid
                aria-describedby=described_by
            >
                {value}
            </textarea>
        </FieldFrame>
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
/// A list filter's `<option>`s: an "any" choice first, `selected` preselected.
pub fn filter_options(any: &'static str, choices: Vec<(String, String)>, selected: &str) -> impl IntoView {
    std::iter::once((String::new(), any.to_owned()))
        .chain(choices)
        .map(|(value, label)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view()
}

pub fn form_level(error: Option<AppError>) -> Option<AppError> {
    error.filter(|error| !matches!(error, AppError::Validation(_)))
}

/// Ticks (`on`) or unticks an id in a list of chosen ids, each id at most once.
pub fn set_chosen(chosen: &mut Vec<String>, id: &str, on: bool) {
    chosen.retain(|known| known != id);
    if on {
        chosen.push(id.to_owned());
    }
}

/// The last error of a server action, as a signal a form's fields share.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The version of an action's last success (`succeeded` reads its last answer). A page
/// reads its data again after this changes, not after a refusal: reading again redraws the
/// page, and a refused form would lose what was typed, and a person correcting it, their
/// input.
pub fn last_success(
    version: impl Fn() -> usize + Send + Sync + 'static,
    succeeded: impl Fn() -> bool + Send + Sync + 'static,
) -> Memo<usize> {
    Memo::new(move |previous: Option<&usize>| if succeeded() { version() } else { previous.copied().unwrap_or(0) })
}

/// [`last_success`] of a server action.
pub fn server_action_success<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + 'static,
{
    last_success(move || action.version().get(), move || action.value().with(|value| matches!(value, Some(Ok(_)))))
}

/// A button for something that cannot be undone: the first press says what will happen
/// and offers the button that does it, beside one that leaves things as they are. Inside
/// a form the second button submits it; with `on_confirm` it calls that instead.
#[component]
pub fn ConfirmButton(
    /// The first button's words ("Submit report").
    #[prop(into)]
    label: TextProp,
    /// What will happen, asked as a question.
    #[prop(into)]
    question: TextProp,
    /// The button that does it ("Yes, submit").
    #[prop(into)]
    confirm: TextProp,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    #[prop(optional)] on_confirm: Option<Callback<()>>,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let i18n = crate::locale::i18n::use_i18n();
    let asking = RwSignal::new(false);
    let disabled = move || pending.get() || disabled.is_some_and(|disabled| disabled.get());
    // Once it is done (the button goes quiet while it runs), the question goes too.
    Effect::new(move |was_pending: Option<bool>| {
        let now = pending.get();
        if was_pending == Some(true) && !now {
            asking.set(false);
        }
        now
    });
    let class = if danger { "button button-danger" } else { "button" };
    move || {
        if asking.get() {
            let (question, confirm) = (question.clone(), confirm.clone());
            view! {
                <span class="confirm-inline" role="group">
                    <span class="confirm-question">{move || question.get()}</span> " "
                    <button
                        type=if on_confirm.is_some() { "button" } else { "submit" }
                        class=class
                        disabled=disabled
                        on:click=move |_| {
                            if let Some(on_confirm) = on_confirm {
                                on_confirm.run(());
                            }
                        }
                    >
                        {move || confirm.get()}
                    </button>
                    " "
                    <button type="button" class="button button-quiet" on:click=move |_| asking.set(false)>
                        {crate::locale::i18n::t!(i18n, common.not_now)}
                    </button>
                </span>
            }
            .into_any()
        } else {
            let label = label.clone();
            view! {
                <button type="button" class=class disabled=disabled on:click=move |_| asking.set(true)>
                    {move || label.get()}
                </button>
            }
            .into_any()
        }
    }
}

/// Empties `form` each time `successes` moves on: a finished form starts blank, and
/// one that was refused keeps what was typed for correcting.
pub fn clear_after_success(form: NodeRef<leptos::html::Form>, successes: Memo<usize>) {
    Effect::new(move |previous: Option<usize>| {
        let count = successes.get();
        if previous.is_some_and(|previous| previous != count) {
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
        count
    });
}

#[cfg(test)]
mod tests {
    use super::set_chosen;

    #[test]
    fn ticking_twice_keeps_one_and_unticking_removes_it() {
        let mut chosen = vec!["a".to_owned()];
        set_chosen(&mut chosen, "b", true);
        set_chosen(&mut chosen, "b", true);
        assert_eq!(chosen, ["a", "b"]);
        set_chosen(&mut chosen, "a", false);
        assert_eq!(chosen, ["b"]);
    }
}
