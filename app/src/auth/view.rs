//! Sign-up, login and account pages, the auth context that feeds the navbar, and page guards.
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_query_map};

use super::api::{
    get_current_user, list_sessions, ChangePassword, DeleteAccount, EndOneSession,
    EndOtherSessions, Login, Logout, Signup, UpdateName,
};
use super::validate::PASSWORD_MIN_CHARS;
use super::SessionUser;
use crate::components::encode_query_value;
use crate::components::form::{action_error, Field, FormError, Submit};
use crate::error::AppError;

/// The current user and the actions that change who that is; provided once at the root.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
    pub login: ServerAction<Login>,
    pub signup: ServerAction<Signup>,
    pub logout: ServerAction<Logout>,
    pub delete: ServerAction<DeleteAccount>,
    pub rename: ServerAction<UpdateName>,
}

pub fn provide_auth() {
    let login = ServerAction::<Login>::new();
    let signup = ServerAction::<Signup>::new();
    let logout = ServerAction::<Logout>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let rename = ServerAction::<UpdateName>::new();
    // Made once: an action's `version()` makes a new signal on every call.
    let versions = [
        login.version(),
        signup.version(),
        logout.version(),
        delete.version(),
        rename.version(),
    ];
    // Blocking: the server waits for it before sending headers, so the first byte already has the
    // right navbar and a guard can still answer with a redirect.
    let user = Resource::new_blocking(move || versions.map(|v| v.get()), |_| get_current_user());
    provide_context(Auth {
        user,
        login,
        signup,
        logout,
        delete,
        rename,
    });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// Shows `children` to a signed-in user; anyone else goes to the login page and comes back after.
#[component]
pub fn RequireUser(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            // Not wrapped in a reactive closure: the page is built once per render (a closure
            // re-ran on every notification of the auth resource and built the page — and its
            // own resources and queries — three times during SSR). Signing in or out navigates.
            {Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(_)) => children().into_any(),
                    Ok(None) => {
                        let search = location.search.get_untracked();
                        let search = search.trim_start_matches('?');
                        let path = location.pathname.get_untracked();
                        let here = if search.is_empty() { path } else { format!("{path}?{search}") };
                        let path = format!("/auth/login?next={}", encode_query_value(&here));
                        view! { <Redirect path=path/> }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The `next` query parameter when it is a path on this site.
fn next_param() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get("next")
            .and_then(|n| super::validate::safe_next(&n))
    })
}

/// Auth pages are for signed-out people: anyone signed in goes on to `next` (or home).
#[component]
fn RedirectIfSignedIn(next: Memo<Option<String>>) -> impl IntoView {
    let auth = use_auth();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(_)) => {
                        let path = next.get_untracked().unwrap_or_else(|| "/dashboard".to_owned());
                        Some(view! { <Redirect path=path/> })
                    }
                    _ => None,
                }
            })}
        </Transition>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let auth = use_auth();
    let next = next_param();
    let error = action_error(auth.login);
    let signup_href = move || match next.get() {
        Some(n) => format!("/auth/signup?next={}", encode_query_value(&n)),
        None => "/auth/signup".to_owned(),
    };
    view! {
        <RedirectIfSignedIn next/>
        <section class="card auth-card">
            <h1>"Log in"</h1>
            <ActionForm action=auth.login attr:novalidate="true">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
                <Field name="email" label="Email" kind="email" autocomplete="email" required=true error/>
                <Field
                    name="password"
                    label="Password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    error
                />
                <FormError error/>
                <Submit label="Log in" busy_label="Logging in…" pending=auth.login.pending()/>
            </ActionForm>
            <p class="muted">"No account yet? " <a href=signup_href>"Sign up"</a></p>
        </section>
    }
}

/// The browser's IANA timezone ("Europe/Paris"), so "today" means the user's today.
fn browser_timezone() -> String {
    #[cfg(feature = "hydrate")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let auth = use_auth();
    let next = next_param();
    let error = action_error(auth.signup);
    let timezone = RwSignal::new(String::new());
    Effect::new(move |_| timezone.set(browser_timezone()));
    let login_href = move || match next.get() {
        Some(n) => format!("/auth/login?next={}", encode_query_value(&n)),
        None => "/auth/login".to_owned(),
    };
    view! {
        <RedirectIfSignedIn next/>
        <section class="card auth-card">
            <h1>"Create your account"</h1>
            <ActionForm action=auth.signup attr:novalidate="true">
                <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
                <input type="hidden" name="timezone" prop:value=move || timezone.get()/>
                <Field name="name" label="Name" autocomplete="name" required=true error/>
                <Field name="email" label="Email" kind="email" autocomplete="email" required=true error/>
                <Field
                    name="password"
                    label="Password"
                    kind="password"
                    autocomplete="new-password"
                    hint=format!("At least {PASSWORD_MIN_CHARS} characters. A passphrase is great.")
                    required=true
                    error
                />
                <Field
                    name="password_confirm"
                    label="Password again"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    error
                />
                <FormError error/>
                <Submit label="Sign up" busy_label="Creating your account…" pending=auth.signup.pending()/>
            </ActionForm>
            <p class="muted">"Already have an account? " <a href=login_href>"Log in"</a></p>
        </section>
    }
}

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// The account page. `children` are more sections from capabilities above auth (they are
/// composed where the route is declared, so auth imports none of them); they come before the
/// danger zone.
#[component]
pub fn AccountPage(#[prop(optional)] children: Option<ChildrenFn>) -> impl IntoView {
    view! {
        <RequireUser>
            <AccountSections extra=children.clone()/>
        </RequireUser>
    }
}

#[component]
fn AccountSections(extra: Option<ChildrenFn>) -> impl IntoView {
    let auth = use_auth();
    let change_password = ServerAction::<ChangePassword>::new();
    let end_one = ServerAction::<EndOneSession>::new();
    let end_others = ServerAction::<EndOtherSessions>::new();
    // Made once: an action's `version()` and `value()` make a new signal on every call.
    let versions = [
        change_password.version(),
        end_one.version(),
        end_others.version(),
    ];
    let (renamed, password_changed) = (auth.rename.value(), change_password.value());
    let (ended_one, ended_others) = (end_one.value(), end_others.value());
    let sessions = Resource::new(move || versions.map(|v| v.get()), |_| list_sessions());
    let rename_error = action_error(auth.rename);
    let password_error = action_error(change_password);
    let delete_error = action_error(auth.delete);
    let sessions_error = Signal::derive(move || {
        ended_one
            .get()
            .and_then(|r| r.err())
            .or_else(|| ended_others.get().and_then(|r| r.err()))
    });
    let current_name = move || {
        auth.user
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .map(|u| u.name)
            .unwrap_or_default()
    };

    view! {
        <h1>"Account"</h1>
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            <ActionForm action=auth.rename attr:novalidate="true">
                <Field name="name" label="Name" autocomplete="name" value=Signal::derive(current_name) required=true error=rename_error/>
                <FormError error=rename_error/>
                <p class="success" role="status">
                    {move || matches!(renamed.get(), Some(Ok(_))).then_some("Saved.")}
                </p>
                <Submit label="Save name" busy_label="Saving…" pending=auth.rename.pending()/>
            </ActionForm>
        </section>

        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">"Password"</h2>
            <p class="muted">"Changing it signs you out everywhere else."</p>
            <ActionForm action=change_password attr:novalidate="true">
                <Field name="current_password" label="Current password" kind="password" autocomplete="current-password" required=true error=password_error/>
                <Field name="new_password" label="New password" kind="password" autocomplete="new-password" hint=format!("At least {PASSWORD_MIN_CHARS} characters.") required=true error=password_error/>
                <Field name="new_password_confirm" label="New password again" kind="password" autocomplete="new-password" required=true error=password_error/>
                <FormError error=password_error/>
                <p class="success" role="status">
                    {move || matches!(password_changed.get(), Some(Ok(_))).then_some("Password changed. Other sessions were signed out.")}
                </p>
                <Submit label="Change password" busy_label="Changing…" pending=change_password.pending()/>
            </ActionForm>
        </section>

        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Where you're signed in"</h2>
            <Transition fallback=|| view! { <p class="muted">"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! {
                            <ul class="session-list" data-testid="sessions">
                                {list.into_iter().map(|s| {
                                    let key = s.key.clone();
                                    view! {
                                        <li class="session" data-testid="session">
                                            <div>
                                                <strong>{s.device}</strong>
                                                {s.this_device.then(|| view! { <span class="badge">"This device"</span> })}
                                                <p class="muted">
                                                    "Signed in " {when(s.created_at)} " · last seen " {when(s.last_seen_at)}
                                                </p>
                                            </div>
                                            {(!s.this_device).then(|| view! {
                                                <ActionForm action=end_one attr:class="inline-form">
                                                    <input type="hidden" name="key" value=key/>
                                                    <button type="submit" class="button secondary">"Sign out"</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <FormError error=sessions_error/>
            <ActionForm action=end_others>
                <Submit label="Sign out all other sessions" busy_label="Signing out…" pending=end_others.pending() class="button secondary"/>
            </ActionForm>
        </section>

        {extra.map(|sections| sections())}

        <section class="card danger" aria-labelledby="delete-heading">
            <h2 id="delete-heading">"Delete account"</h2>
            <p>"This removes your account with all its tasks and conversations. It cannot be undone."</p>
            <ActionForm action=auth.delete attr:novalidate="true">
                <Field name="password" label="Your password" kind="password" autocomplete="current-password" required=true error=delete_error/>
                <FormError error=delete_error/>
                <Submit label="Delete my account" busy_label="Deleting…" pending=auth.delete.pending() class="button danger"/>
            </ActionForm>
        </section>
    }
}
