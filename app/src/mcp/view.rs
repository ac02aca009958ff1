//! "Connect an assistant (MCP)" on the account page.
use leptos::prelude::*;

#[component]
pub fn McpSection() -> impl IntoView {
    view! { <section class="card"></section> }
}
