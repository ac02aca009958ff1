//! Form pieces shared by every page: labelled fields with their error, form-level errors, and a
//! submit button that says when it is busy.
use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;

/// The error of the last submission of `action`, if it failed: from the action itself once
/// hydrated, or, after a plain form post with JavaScript off, from the `__path`/`__err` query the
/// server adds when it redirects back to the form.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    // Made once: `value()` makes a new signal on every call.
    let value = action.value();
    Signal::derive(move || {
        if let Some(result) = value.get() {
            return result.err();
        }
        let query = query.read();
        match (query.get("__path"), query.get("__err")) {
            (Some(path), Some(err)) if path == S::PATH => {
                Some(ServerFnUrlError::<AppError>::decode_err(&err))
            }
            _ => None,
        }
    })
}

/// A labelled input whose error (if any) is announced and linked by `aria-describedby`.
#[component]
pub fn Field(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into, default = "text".into())] kind: String,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] value: MaybeProp<String>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let field = name.clone();
    let message = Signal::derive(move || {
        error
            .get()
            .and_then(|e| e.field_message(&field).map(str::to_owned))
    });
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=move || value.get()
                required=required
                aria-invalid=move || message.get().is_some().then_some("true")
                aria-describedby=described_by
            />
            <p class="field-error" id=error_id role="alert">
                {move || message.get()}
            </p>
        </div>
    }
}

/// The form's own error (not tied to one field), shown above the submit button.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <p class="form-error" role="alert" data-testid="form-error">
            {move || {
                error
                    .get()
                    .filter(|e| !matches!(e, AppError::Validation { fields, .. } if !fields.is_empty()))
                    .map(|e| e.to_string())
            }}
        </p>
    }
}

/// A submit button that is disabled and says so while its action runs.
#[component]
pub fn Submit(
    #[prop(into)] label: String,
    #[prop(into)] busy_label: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into, default = "button".into())] class: String,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class
            disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {move || if pending.get() { busy_label.clone() } else { label.clone() }}
        </button>
    }
}

/// What `<ActionForm>` does on submit, for forms written as plain markup (the task list's rows):
/// the `<form>` posts to the server function itself without JavaScript, and with it the submit
/// becomes the action's input and is dispatched. A form that cannot be read as the input is left
/// to post normally.
pub fn dispatch_submit<S>(action: ServerAction<S>, ev: &leptos::ev::SubmitEvent)
where
    S: ServerFn + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    if let Ok(input) = <S as leptos::form::FromFormData>::from_event(ev) {
        ev.prevent_default();
        action.dispatch(input);
    }
}
