use leptos::prelude::*;

use super::api::get_status;

/// A card with the server's status and a "Check again" button (it only works once hydrated).
#[component]
pub fn StatusCard() -> impl IntoView {
    let status = Resource::new(|| (), |_| get_status());
    view! {
        <section class="card status-card" aria-labelledby="status-heading">
            <h2 id="status-heading">"System status"</h2>
            <Transition fallback=|| view! { <p class="muted">"Checking…"</p> }>
                // A failed call is shown as a sentence.
                {move || Suspend::new(async move {
                    crate::components::loaded(status.await.map(|s| view! {
                        <dl class="status-list" data-testid="status">
                            <dt>"Database"</dt>
                            <dd data-testid="status-database">{s.database}</dd>
                            <dt>"State"</dt>
                            <dd data-testid="status-state">"Ready"</dd>
                            <dt>"Migrations applied"</dt>
                            <dd>{s.migrations_applied}</dd>
                            <dt>"Version"</dt>
                            <dd>{s.version}</dd>
                            <dt>"Checked at"</dt>
                            <dd data-testid="status-checked">
                                {s.checked_at.format("%H:%M:%S UTC").to_string()}
                            </dd>
                        </dl>
                    }))
                })}
            </Transition>
            <button
                type="button"
                class="button secondary"
                data-testid="status-refresh"
                on:click=move |_| status.refetch()
            >
                "Check again"
            </button>
        </section>
    }
}
