//! taskpilot's Leptos app: the HTML shell with its navbar, the routes, the pages that combine
//! slices, and every capability's slice.
pub mod auth;
pub mod chat;
pub mod components;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
pub mod mcp;
mod navbar;
pub mod system;
pub mod tasks;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use auth::view::{provide_auth, AccountPage, LoginPage, RequireUser, SignupPage};
use components::NotFound;
use navbar::Navbar;
use system::view::StatusCard;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    system::csp::send_for_this_page();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_auth();
    provide_context(tasks::TasksChanged(RwSignal::new(0)));
    // Tells end-to-end tests (and curious people) that the page is interactive now.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/taskpilot.css"/>
        <Title text="taskpilot"/>
        <Router>
            <Navbar/>
            <main id="main" tabindex="-1">
                <ErrorBoundary fallback=|errors| view! {
                    <section class="card" data-testid="error-boundary">
                        <h1>"Something went wrong"</h1>
                        <components::ErrorMessages errors/>
                        <a href="/" class="button">"Go to the home page"</a>
                    </section>
                }>
                // In-order streaming: every page arrives complete, so it also works with
                // JavaScript off (out-of-order chunks need a script to slot them in).
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::InOrder/>
                    <Route path=path!("/auth/login") view=LoginPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/auth/signup") view=SignupPage ssr=SsrMode::InOrder/>
                    <Route path=path!("/account") view=AccountRoute ssr=SsrMode::InOrder/>
                    <Route path=path!("/tasks") view=TasksRoute ssr=SsrMode::InOrder/>
                    <Route path=path!("/dashboard") view=dashboard::view::DashboardPage ssr=SsrMode::InOrder/>
                    // One route for a new chat and a stored one, so starting a conversation
                    // (which gives it its address) does not re-create the page mid-reply.
                    <Route path=path!("/chat/:id?") view=chat::view::ChatPage ssr=SsrMode::InOrder/>
                </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}

/// The task list with the assistant beside it.
#[component]
fn TasksRoute() -> impl IntoView {
    view! {
        <RequireUser>
            <div class="tasks-layout">
                <tasks::view::TaskList/>
                <chat::view::ChatAside/>
            </div>
        </RequireUser>
    }
}

/// The account page with the sections of capabilities that sit above auth.
#[component]
fn AccountRoute() -> impl IntoView {
    let just_created = mcp::view::just_created_token();
    view! {
        <AccountPage>
            <mcp::view::McpSection just_created/>
        </AccountPage>
    }
}

#[component]
fn HomePage() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"Your tasks, by hand or by chat."</h1>
            <p class="lead">
                "taskpilot keeps your tasks — priorities, due dates, tags — and an assistant that "
                "manages them when you just say what you need."
            </p>
        </section>
        <StatusCard/>
    }
}
