use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::view::UserMenu;

#[component]
pub fn Navbar() -> impl IntoView {
    view! {
        <header class="navbar">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <nav aria-label="Main">
                <A href="/" attr:class="brand">"taskpilot"</A>
                <UserMenu/>
            </nav>
        </header>
    }
}
