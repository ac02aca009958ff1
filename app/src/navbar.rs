//! The navbar, part of the shell: the links to every capability's page and who is signed in.
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::view::use_auth;

#[component]
pub fn Navbar() -> impl IntoView {
    view! {
        <header class="navbar">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <nav aria-label="Main">
                <NavLink href="/" class="brand">"taskpilot"</NavLink>
                <UserMenu/>
            </nav>
        </header>
    }
}

/// Navbar part that depends on who is signed in; right on the first byte thanks to SSR.
#[component]
fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! {
                        <NavLink href="/dashboard">"Dashboard"</NavLink>
                        <NavLink href="/tasks">"Tasks"</NavLink>
                        <NavLink href="/chat">"Chat"</NavLink>
                        <span class="user-name" data-testid="nav-user">{user.name}</span>
                        <NavLink href="/account">"Account"</NavLink>
                        <ActionForm action=auth.logout attr:class="inline-form">
                            <button type="submit" class="linklike">"Log out"</button>
                        </ActionForm>
                    }
                    .into_any(),
                    _ => view! {
                        <NavLink href="/auth/login">"Log in"</NavLink>
                        <NavLink href="/auth/signup" class="button">"Sign up"</NavLink>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// A navbar link, announced as the current page while the address is at or under it. A plain
/// `<a>` (the router still handles its clicks): every page shows five of these, and `<A>`
/// resolves each address through memos of its own.
#[component]
fn NavLink(
    href: &'static str,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let location = use_location();
    let current = move || {
        location
            .pathname
            .with(|path| is_at_or_under(path, href))
            .then_some("page")
    };
    view! {
        <a href=href class=(!class.is_empty()).then_some(class) aria-current=current>
            {children()}
        </a>
    }
}

/// "/chat/42" is under "/chat"; "/chatter" is not; "/" covers only itself.
fn is_at_or_under(path: &str, href: &str) -> bool {
    path == href
        || (href != "/"
            && path
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::is_at_or_under;

    #[test]
    fn a_link_is_current_at_and_under_its_address() {
        assert!(is_at_or_under("/tasks", "/tasks"));
        assert!(is_at_or_under("/tasks/", "/tasks"));
        assert!(is_at_or_under("/chat/0190c1", "/chat"));
        assert!(!is_at_or_under("/chatter", "/chat"));
        assert!(!is_at_or_under("/dashboard", "/tasks"));
        assert!(is_at_or_under("/", "/"));
        assert!(!is_at_or_under("/tasks", "/"));
    }
}
