//! The chat pane (beside the task list, and full page at `/chat` with the conversation history).
//! Replies stream in as they are produced; tool calls show as cards; text is rendered as plain
//! text with line breaks and simple lists, never as markup.
use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use super::api::{
    get_conversation, latest_conversation, list_conversations, send_message, DeleteConversation,
    RenameConversation,
};
use super::{ChatEvent, ChatMessage, Conversation, ConversationSummary, Role, ToolCard};
use super::{MESSAGE_MAX_CHARS, TITLE_MAX_CHARS};
use crate::auth::view::RequireUser;
use crate::components::loaded;
use crate::error::AppError;
use crate::tasks::TasksChanged;

const SUGGESTIONS: &[&str] = &[
    "What's due today?",
    "Add a task to call the bank tomorrow at 10, high priority",
    "Show my overdue tasks",
    "Mark task 1 as done",
];

/// `/chat` and `/chat/:id`: the conversation history beside a full-size pane.
#[component]
pub fn ChatPage() -> impl IntoView {
    view! {
        <RequireUser>
            <ChatWorkspace/>
        </RequireUser>
    }
}

#[component]
fn ChatWorkspace() -> impl IntoView {
    let params = use_params_map();
    let current = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| Uuid::parse_str(&id).ok())
    });
    let refresh = RwSignal::new(0u32);
    let rename = ServerAction::<RenameConversation>::new();
    let delete = ServerAction::<DeleteConversation>::new();
    // Made once: an action's `version()` and `value()` make a new signal on every call.
    let versions = [rename.version(), delete.version()];
    let (renamed, deleted) = (rename.value(), delete.value());
    let groups = Resource::new(
        move || (refresh.get(), versions.map(|v| v.get())),
        |_| list_conversations(),
    );
    // Loaded once for the first render (and SSR); later changes of the address are followed by
    // the pane itself, so a reply streaming in is never torn down by a navigation.
    let conversation = Resource::new(
        || (),
        move |_| async move {
            match current.get_untracked() {
                Some(id) => get_conversation(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let navigate = leptos_router::hooks::use_navigate();
    let on_started = Callback::new(move |summary: ConversationSummary| {
        refresh.update(|n| *n += 1);
        // The new conversation gets its own address; the pane already shows it.
        let options = leptos_router::NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&format!("/chat/{}", summary.id), options);
    });

    view! {
        <div class="chat-page">
            <nav class="chat-history" aria-label="Conversations">
                <a href="/chat" class="button" data-testid="new-chat">"New chat"</a>
                <Transition fallback=|| view! { <p class="muted">"Loading conversations…"</p> }>
                    {move || Suspend::new(async move {
                        loaded(groups.await.map(|groups| {
                            if groups.is_empty() {
                                return view! { <p class="muted">"No conversations yet."</p> }.into_any();
                            }
                            groups.into_iter().map(|group| view! {
                                <h2 class="chat-group">{group.label}</h2>
                                <ul class="chat-conversations">
                                    {group.conversations.into_iter().map(|c| view! {
                                        <ConversationItem summary=c current rename delete/>
                                    }).collect_view()}
                                </ul>
                            }).collect_view().into_any()
                        }))
                    })}
                </Transition>
                <p class="field-error" role="alert">
                    {move || {
                        let rename_error = renamed.get().and_then(Result::err);
                        let delete_error = deleted.get().and_then(Result::err);
                        rename_error.or(delete_error).map(|e| e.to_string())
                    }}
                </p>
            </nav>
            <section class="chat-main">
                <Transition fallback=|| view! { <p class="muted">"Loading the conversation…"</p> }>
                    // Not in a reactive closure: it loads once, and a closure would be run again
                    // by the server's look for resources, building the pane twice.
                    {Suspend::new(async move {
                        loaded(conversation.await.map(|initial| view! {
                            <ChatPane initial on_started follow=current/>
                        }))
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// One conversation in the history: open it, rename it in place, delete it.
#[component]
fn ConversationItem(
    summary: ConversationSummary,
    current: Memo<Option<Uuid>>,
    rename: ServerAction<RenameConversation>,
    delete: ServerAction<DeleteConversation>,
) -> impl IntoView {
    let id = summary.id;
    let editing = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let title = summary.title.clone();
    let current_title = StoredValue::new(summary.title);
    view! {
        <li class="chat-conversation" class:current=move || current.get() == Some(id) data-testid="conversation">
            <Show
                when=move || editing.get()
                fallback=move || {
                    let title = title.clone();
                    let navigate = navigate.clone();
                    let rename_label = format!("Rename “{title}”");
                    let delete_label = format!("Delete “{title}”");
                    view! {
                        <A href=format!("/chat/{id}") attr:class="chat-conversation-link">{title}</A>
                        <button type="button" class="link-button" aria-label=rename_label on:click=move |_| editing.set(true)>"Rename"</button>
                        <button type="button" class="link-button danger" aria-label=delete_label on:click=move |_| {
                            if window().confirm_with_message("Delete this conversation?").unwrap_or(false) {
                                delete.dispatch(DeleteConversation { id });
                                // Leaving the deleted conversation: back to a new chat.
                                if current.get_untracked() == Some(id) {
                                    navigate("/chat", Default::default());
                                }
                            }
                        }>"Delete"</button>
                    }
                }
            >
                <ActionForm action=rename attr:class="chat-rename">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label class="visually-hidden" for=format!("rename-{id}")>"New title"</label>
                    <input id=format!("rename-{id}") name="title" value=current_title.get_value() autofocus=true maxlength=TITLE_MAX_CHARS/>
                    <button type="submit" class="button small">"Save"</button>
                    <button type="button" class="link-button" on:click=move |_| editing.set(false)>"Cancel"</button>
                </ActionForm>
            </Show>
        </li>
    }
}

/// The pane beside the task list: the most recent conversation, collapsible.
///
/// The assistant works only with JavaScript, so the server does not build it into every task
/// page: the server sends the pane's frame, and the conversation loads once the page is live.
/// The task list, which works without JavaScript, is what the server renders.
#[component]
pub fn ChatAside() -> impl IntoView {
    let open = RwSignal::new(true);
    // Effects run only in the browser, after hydration.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let loading = || view! { <p class="muted chat-loading" data-testid="chat-loading">"Loading the chat…"</p> };
    view! {
        <aside class="chat-aside" class:collapsed=move || !open.get() aria-label="Assistant">
            <div class="chat-aside-head">
                <h2>"Assistant"</h2>
                <a href="/chat" class="link-button">"All chats"</a>
                <button
                    type="button"
                    class="link-button"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="chat-aside-body"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Hide" } else { "Show" }}
                </button>
            </div>
            <div id="chat-aside-body" hidden=move || !open.get()>
                {move || if live.get() {
                    let latest = LocalResource::new(latest_conversation);
                    view! {
                        <Transition fallback=loading>
                            // Loads once; see `ChatWorkspace` for why this is no reactive closure.
                            {Suspend::new(async move {
                                loaded(latest.await.map(|initial| view! { <ChatPane initial/> }))
                            })}
                        </Transition>
                    }.into_any()
                } else {
                    view! {
                        <noscript><p class="muted">"The assistant needs JavaScript. Everything else works without it."</p></noscript>
                        {loading()}
                    }.into_any()
                }}
            </div>
        </aside>
    }
}

/// A reply being streamed.
#[derive(Clone, Debug, Default)]
struct Live {
    text: String,
    cards: Vec<ToolCard>,
    running: Option<String>,
}

/// A failed turn: what to say, and the message to send again on "Retry".
#[derive(Clone, Debug)]
struct Failure {
    message: String,
    retry: String,
}

#[component]
pub fn ChatPane(
    initial: Option<Conversation>,
    #[prop(optional, into)] on_started: Option<Callback<ConversationSummary>>,
    /// The conversation the page's address names, on `/chat`: the pane switches to it when it
    /// changes. Without it (beside the task list) the pane has its own "New chat" button.
    #[prop(optional, into)]
    follow: Option<Signal<Option<Uuid>>>,
) -> impl IntoView {
    let conversation_id = RwSignal::new(initial.as_ref().map(|c| c.id));
    let messages = RwSignal::new(initial.map(|c| c.messages).unwrap_or_default());
    let live = RwSignal::new(None::<Live>);
    let failure = RwSignal::new(None::<Failure>);
    let draft = RwSignal::new(String::new());
    let abort = StoredValue::new(None::<AbortHandle>);
    // The message being answered, for "Retry" and to give it back if the turn fails.
    let sending = StoredValue::new(String::new());
    let tasks_changed = use_context::<TasksChanged>();
    let log = NodeRef::<leptos::html::Div>::new();

    let bump_tasks = move || {
        if let Some(TasksChanged(version)) = tasks_changed {
            version.update(|v| *v += 1);
        }
    };

    let handle = move |event: ChatEvent| match event {
        ChatEvent::Started {
            conversation,
            message,
        } => {
            conversation_id.set(Some(conversation.id));
            messages.update(|m| m.push(message));
            if let Some(callback) = on_started {
                callback.run(conversation);
            }
        }
        ChatEvent::Text { delta } => live.update(|l| {
            if let Some(l) = l {
                l.text.push_str(&delta)
            }
        }),
        ChatEvent::ToolStarted { name, .. } => live.update(|l| {
            if let Some(l) = l {
                l.running = Some(name)
            }
        }),
        ChatEvent::ToolFinished { card } => live.update(|l| {
            if let Some(l) = l {
                l.running = None;
                l.cards.push(card);
            }
        }),
        ChatEvent::Done { message, changed } => {
            live.set(None);
            messages.update(|m| m.push(message));
            if changed {
                bump_tasks();
            }
        }
        ChatEvent::Failed { message, changed } => {
            live.set(None);
            let retry = sending.get_value();
            // Nothing typed is lost: the message goes back into the box.
            if draft.with_untracked(|d| d.trim().is_empty()) {
                draft.set(retry.clone());
            }
            failure.set(Some(Failure { message, retry }));
            if changed {
                bump_tasks();
            }
        }
    };

    let send = move |text: String| {
        let text = text.trim().to_owned();
        if text.is_empty() || live.get_untracked().is_some() {
            return;
        }
        failure.set(None);
        draft.set(String::new());
        sending.set_value(text.clone());
        live.set(Some(Live::default()));
        let (stop, registration) = AbortHandle::new_pair();
        abort.set_value(Some(stop));
        let id = conversation_id.get_untracked();
        spawn_local(async move {
            let outcome =
                Abortable::new(stream_reply(id, text.clone(), handle), registration).await;
            abort.set_value(None);
            match outcome {
                // Stopped: keep what arrived, as the server keeps it.
                Err(_aborted) => {
                    if let Some(partial) = live.get_untracked() {
                        live.set(None);
                        messages.update(|m| {
                            // A local id (no randomness needed in the browser): server ids are
                            // random v4 UUIDs, which never look like this.
                            let id = Uuid::from_u64_pair(0, m.len() as u64);
                            // The browser has no chrono clock; the user's message time serves.
                            let created_at = m.last().map(|x| x.created_at).unwrap_or_default();
                            m.push(ChatMessage {
                                id,
                                role: Role::Assistant,
                                content: format!("{} (stopped)", partial.text).trim().to_owned(),
                                cards: partial.cards,
                                created_at,
                            })
                        });
                        bump_tasks();
                    }
                }
                Ok(Err(error)) => {
                    live.set(None);
                    if draft.with_untracked(|d| d.trim().is_empty()) {
                        draft.set(text.clone());
                    }
                    failure.set(Some(Failure {
                        message: error.to_string(),
                        retry: text,
                    }));
                }
                Ok(Ok(())) => {
                    if live.get_untracked().is_some() {
                        live.set(None);
                        failure.set(Some(Failure {
                            message: "The reply was cut off. Check your connection and try again."
                                .into(),
                            retry: text,
                        }));
                    }
                }
            }
        });
    };

    // Keep the newest message in view.
    Effect::new(move |_| {
        messages.track();
        live.track();
        if let Some(el) = log.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });

    // Follow the address: another conversation, or a new one.
    if let Some(follow) = follow {
        Effect::new(move |first_run_done: Option<()>| {
            let wanted = follow.get();
            if first_run_done.is_none() || wanted == conversation_id.get_untracked() {
                return;
            }
            if let Some(stop) = abort.get_value() {
                stop.abort();
            }
            live.set(None);
            failure.set(None);
            conversation_id.set(wanted);
            messages.set(Vec::new());
            if let Some(id) = wanted {
                spawn_local(async move {
                    match get_conversation(id).await {
                        Ok(c) if conversation_id.get_untracked() == Some(id) => {
                            messages.set(c.messages)
                        }
                        Ok(_) => {}
                        Err(e) => failure.set(Some(Failure {
                            message: e.to_string(),
                            retry: String::new(),
                        })),
                    }
                });
            }
        });
    }

    let new_chat = move |_| {
        if live.get_untracked().is_some() {
            return;
        }
        conversation_id.set(None);
        messages.set(Vec::new());
        failure.set(None);
    };

    view! {
        <div class="chat-pane" data-testid="chat-pane">
            <noscript><p class="muted">"The assistant needs JavaScript. Everything else works without it."</p></noscript>
            {follow.is_none().then(|| view! {
                <div class="chat-pane-tools">
                    <button type="button" class="link-button" on:click=new_chat data-testid="chat-new">"New chat"</button>
                </div>
            })}
            <div class="chat-log" node_ref=log role="log" aria-live="polite" aria-label="Conversation" data-testid="chat-log">
                <Show when=move || messages.with(Vec::is_empty) && live.with(Option::is_none)>
                    <div class="chat-empty">
                        <p>"Ask me to add, find, change or complete tasks. For example:"</p>
                        <ul class="chat-suggestions">
                            {SUGGESTIONS.iter().map(|s| view! {
                                <li><button type="button" class="suggestion" on:click=move |_| send(s.to_string())>{*s}</button></li>
                            }).collect_view()}
                        </ul>
                    </div>
                </Show>
                <For each=move || messages.get() key=|m| m.id let:message>
                    <MessageView message/>
                </For>
                {move || live.get().map(|l| view! {
                    <div class="chat-message assistant streaming" data-testid="chat-live">
                        {l.cards.into_iter().map(|card| view! { <Card card/> }).collect_view()}
                        {l.running.map(|name| view! { <p class="tool-card running">{format!("Running {name}…")}</p> })}
                        {if l.text.is_empty() {
                            view! { <p class="thinking" data-testid="chat-thinking">"Thinking…"</p> }.into_any()
                        } else {
                            view! { <div class="chat-text">{text_blocks(&l.text)}</div> }.into_any()
                        }}
                    </div>
                })}
                {move || failure.get().map(|f| {
                    let retry = f.retry.clone();
                    view! {
                        <div class="chat-failure" role="alert" data-testid="chat-error">
                            <p>{f.message}</p>
                            {(!retry.is_empty()).then(|| {
                                let retry = retry.clone();
                                view! {
                                    <button type="button" class="button secondary small" on:click=move |_| send(retry.clone())>"Retry"</button>
                                }
                            })}
                        </div>
                    }
                })}
            </div>
            <form class="chat-form" on:submit=move |ev| {
                ev.prevent_default();
                send(draft.get_untracked());
            }>
                <label for="chat-input" class="visually-hidden">"Message the assistant"</label>
                <textarea
                    id="chat-input"
                    name="text"
                    rows="2"
                    maxlength=MESSAGE_MAX_CHARS
                    placeholder="Add, find or change tasks…"
                    aria-describedby="chat-input-hint"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            send(draft.get_untracked());
                        }
                    }
                    data-testid="chat-input"
                ></textarea>
                <Show
                    when=move || live.with(Option::is_some)
                    fallback=move || view! {
                        <button type="submit" class="button" disabled=move || draft.with(|d| d.trim().is_empty()) data-testid="chat-send">"Send"</button>
                    }
                >
                    <button type="button" class="button secondary" data-testid="chat-stop" on:click=move |_| {
                        if let Some(stop) = abort.get_value() {
                            stop.abort();
                        }
                    }>"Stop"</button>
                </Show>
            </form>
            // Said below rather than in the placeholder, which a narrow pane cuts off.
            <p id="chat-input-hint" class="hint chat-hint">"Enter sends; Shift+Enter starts a new line."</p>
        </div>
    }
}

/// Reads the streamed reply line by line (chunks may split or merge lines).
async fn stream_reply(
    conversation_id: Option<Uuid>,
    text: String,
    handle: impl Fn(ChatEvent),
) -> Result<(), AppError> {
    let mut stream = send_message(conversation_id, text).await?.into_inner();
    let mut buffer = String::new();
    while let Some(chunk) = stream.next().await {
        buffer.push_str(&chunk?);
        while let Some(end) = buffer.find('\n') {
            let line: String = buffer.drain(..=end).collect();
            if let Ok(event) = serde_json::from_str::<ChatEvent>(line.trim()) {
                handle(event);
            }
        }
    }
    Ok(())
}

#[component]
fn MessageView(message: ChatMessage) -> impl IntoView {
    let copied = RwSignal::new(false);
    let content = message.content.clone();
    let (class, who) = match message.role {
        Role::User => ("chat-message user", "You"),
        Role::Assistant => ("chat-message assistant", "Assistant"),
    };
    view! {
        <div class=class data-testid="chat-message">
            <span class="visually-hidden">{format!("{who}:")}</span>
            {message.cards.into_iter().map(|card| view! { <Card card/> }).collect_view()}
            <div class="chat-text">{text_blocks(&message.content)}</div>
            <button type="button" class="copy-button" aria-label="Copy message" on:click=move |_| {
                crate::components::copy_to_clipboard(&content);
                copied.set(true);
                set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
            }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
        </div>
    }
}

/// A tool call and its result, compact.
#[component]
fn Card(card: ToolCard) -> impl IntoView {
    let class = if card.ok {
        "tool-card"
    } else {
        "tool-card refused"
    };
    view! {
        <details class=class data-testid="tool-card">
            <summary>
                <span class="tool-name">{card.name}</span>
                " "
                <span class="tool-result">{card.summary.lines().next().unwrap_or_default().to_owned()}</span>
            </summary>
            <code class="tool-args">{card.arguments}</code>
        </details>
    }
}

/// Plain text as paragraphs and simple lists ("- item", "1. item"). Everything is a text node:
/// no markup from the model or from task titles reaches the DOM.
fn text_blocks(text: &str) -> impl IntoView {
    enum Block {
        Para(Vec<String>),
        Bullets(Vec<String>),
        Numbered(Vec<String>),
    }
    let numbered_item = |line: &str| {
        let (number, rest) = line.split_once(". ")?;
        (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit())).then(|| rest.to_owned())
    };
    let mut blocks: Vec<Block> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blocks.push(Block::Para(Vec::new()));
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            match blocks.last_mut() {
                Some(Block::Bullets(items)) => items.push(item.to_owned()),
                _ => blocks.push(Block::Bullets(vec![item.to_owned()])),
            }
        } else if let Some(item) = numbered_item(trimmed) {
            match blocks.last_mut() {
                Some(Block::Numbered(items)) => items.push(item),
                _ => blocks.push(Block::Numbered(vec![item])),
            }
        } else {
            match blocks.last_mut() {
                Some(Block::Para(lines)) if !lines.is_empty() => lines.push(trimmed.to_owned()),
                _ => blocks.push(Block::Para(vec![trimmed.to_owned()])),
            }
        }
    }
    blocks
        .into_iter()
        .filter_map(|block| match block {
            Block::Para(lines) if lines.is_empty() => None,
            Block::Para(lines) => {
                let count = lines.len();
                Some(
                    view! {
                        <p>
                            {lines.into_iter().enumerate().map(|(i, line)| view! {
                                {line}
                                {(i + 1 < count).then(|| view! { <br/> })}
                            }).collect_view()}
                        </p>
                    }
                    .into_any(),
                )
            }
            Block::Bullets(items) => Some(
                view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }
                    .into_any(),
            ),
            Block::Numbered(items) => Some(
                view! { <ol>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ol> }
                    .into_any(),
            ),
        })
        .collect_view()
}
