//! "Connect an assistant (MCP)" on the account page: name a token, create it, see it once with
//! the endpoint's URL and a config hint; list the tokens with when they were last used; revoke.
//! Plain ActionForms, so creating and revoking also work with JavaScript off.
use leptos::prelude::*;

use super::api::{list_api_tokens, take_created_token, CreateApiToken, RevokeApiToken};
use super::{CreatedToken, TokenInfo};
use crate::components::form::{action_error, Field, FormError, Submit};
use crate::error::AppError;

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// The MCP client configuration most assistants and IDEs accept.
fn config_hint(created: &CreatedToken) -> String {
    format!(
        "{{\n  \"mcpServers\": {{\n    \"taskpilot\": {{\n      \"url\": \"{}\",\n      \"headers\": {{ \"Authorization\": \"Bearer {}\" }}\n    }}\n  }}\n}}",
        created.mcp_url, created.token
    )
}

/// A read-only field with a Copy button (the field can be selected by hand too).
#[component]
fn CopyField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = value.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <div class="copy-row">
                <input id=id.clone() data-testid=id type="text" readonly=true value=value spellcheck="false"/>
                <button
                    type="button"
                    class="button secondary"
                    on:click=move |_| {
                        crate::components::copy_to_clipboard(&text);
                        copied.set(true);
                    }
                >
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
            </div>
        </div>
    }
}

#[component]
fn CreatedTokenCard(created: CreatedToken) -> impl IntoView {
    let hint = config_hint(&created);
    view! {
        <div class="new-token" role="status" data-testid="mcp-new-token">
            <p>
                <strong>"Copy this token now: it will not be shown again."</strong>
                " Anyone holding it can manage your tasks until you revoke it."
            </p>
            <CopyField id="mcp-token" label=format!("Token “{}”", created.info.name) value=created.token.clone()/>
            <CopyField id="mcp-url" label="MCP server URL" value=created.mcp_url.clone()/>
            <p class="hint">
                "In your assistant or IDE, add an MCP server with this URL (streamable HTTP) and the "
                "header " <code>"Authorization: Bearer <token>"</code> ". For example:"
            </p>
            <pre class="config-hint" data-testid="mcp-config">{hint}</pre>
        </div>
    }
}

#[component]
fn TokenRow(token: TokenInfo, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let used = token
        .last_used_at
        .map(|t| format!("last used {}", when(t)))
        .unwrap_or_else(|| "never used".to_owned());
    view! {
        <li class="session" data-testid="mcp-token-row">
            <div>
                <strong>{token.name.clone()}</strong>
                <p class="muted">"Created " {when(token.created_at)} " · " {used}</p>
            </div>
            <ActionForm action=revoke attr:class="inline-form">
                <input type="hidden" name="id" value=token.id.to_string()/>
                <button type="submit" class="button secondary" aria-label=format!("Revoke {}", token.name)>
                    "Revoke"
                </button>
            </ActionForm>
        </li>
    }
}

/// The token a plain form post just created, if any. Create it once per page, outside anything
/// that may render its children more than once (taking it from the session is a one-time read).
pub fn just_created_token() -> Resource<Result<Option<CreatedToken>, AppError>> {
    Resource::new(|| (), |_| take_created_token())
}

#[component]
pub fn McpSection(just_created: Resource<Result<Option<CreatedToken>, AppError>>) -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    // Made once: an action's `version()` and `value()` make a new signal on every call.
    let versions = [create.version(), revoke.version()];
    let create_result = create.value();
    let tokens = Resource::new(move || versions.map(|v| v.get()), |_| list_api_tokens());
    let create_error = action_error(create);
    let revoke_error = action_error(revoke);

    view! {
        <section class="card" aria-labelledby="mcp-heading" data-testid="mcp-section">
            <h2 id="mcp-heading">"Connect an assistant (MCP)"</h2>
            <p class="muted">
                "Desktop assistants and IDEs that speak the Model Context Protocol can add, list, "
                "complete and change your tasks. Give each one its own token."
            </p>
            <Transition>
                {move || {
                    // From the action once hydrated (read here, so it is tracked); after a plain
                    // form post (JavaScript off), from the session, where it waited sealed.
                    let fresh = create_result.get();
                    Suspend::new(async move {
                        let created = match fresh {
                            Some(Ok(created)) => Some(created),
                            Some(Err(_)) => None,
                            None => just_created.await.ok().flatten(),
                        };
                        created.map(|c| view! { <CreatedTokenCard created=c/> })
                    })
                }}
            </Transition>
            <ActionForm action=create attr:novalidate="true">
                <Field
                    name="token_name"
                    label="Token name"
                    hint="Which assistant or computer will use it, e.g. “Laptop – Claude”."
                    required=true
                    error=create_error
                />
                <FormError error=create_error/>
                <Submit label="Create token" busy_label="Creating…" pending=create.pending()/>
            </ActionForm>

            <h3>"Your tokens"</h3>
            <Transition fallback=|| view! { <p class="muted">"Loading tokens…"</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted" data-testid="mcp-no-tokens">"No tokens yet."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="session-list" data-testid="mcp-tokens">
                                {list.into_iter().map(|token| view! { <TokenRow token revoke/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <FormError error=revoke_error/>
        </section>
    }
}
