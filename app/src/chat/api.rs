//! Chat server functions: the user comes from the session; the conversation store and the turn
//! logic live in the chat service. `send_message` streams the reply as newline-delimited JSON
//! `ChatEvent`s.
use leptos::prelude::*;
use leptos::server_fn::codec::{StreamingText, TextStream};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Conversation, ConversationSummary};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::api::require_user;
#[cfg(feature = "ssr")]
use crate::db::Db;
#[cfg(feature = "ssr")]
use crate::error::respond;

/// Conversations under one heading of the history: "Today", "Yesterday" or "Earlier".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationGroup {
    pub label: String,
    pub conversations: Vec<ConversationSummary>,
}

/// The user's conversations, grouped by day in the user's timezone (on the server, so the page
/// and its hydration agree).
#[server(endpoint = "chat_list")]
pub async fn list_conversations() -> Result<Vec<ConversationGroup>, AppError> {
    respond(async {
        let user = require_user().await?;
        let all = super::service::list(Db::from_context()?.conn()?, user.id).await?;
        let tz = user.tz();
        let today = user.local_now().date();
        let mut groups: Vec<ConversationGroup> = Vec::new();
        for c in all {
            let day = c.updated_at.with_timezone(&tz).date_naive();
            let label = if day >= today {
                "Today"
            } else if Some(day) == today.pred_opt() {
                "Yesterday"
            } else {
                "Earlier"
            };
            match groups.last_mut() {
                Some(g) if g.label == label => g.conversations.push(c),
                _ => groups.push(ConversationGroup {
                    label: label.to_owned(),
                    conversations: vec![c],
                }),
            }
        }
        Ok(groups)
    })
    .await
}

#[server(endpoint = "chat_get")]
pub async fn get_conversation(id: Uuid) -> Result<Conversation, AppError> {
    respond(async move {
        let user = require_user().await?;
        super::service::get(Db::from_context()?.conn()?, user.id, id).await
    })
    .await
}

/// The most recently active conversation, for the pane beside the task list.
#[server(endpoint = "chat_latest")]
pub async fn latest_conversation() -> Result<Option<Conversation>, AppError> {
    respond(async move {
        let user = require_user().await?;
        super::service::latest(Db::from_context()?.conn()?, user.id).await
    })
    .await
}

#[server(endpoint = "chat_rename")]
pub async fn rename_conversation(id: Uuid, title: String) -> Result<ConversationSummary, AppError> {
    respond(async move {
        let user = require_user().await?;
        super::service::rename(Db::from_context()?.conn()?, user.id, id, &title).await
    })
    .await
}

#[server(endpoint = "chat_delete")]
pub async fn delete_conversation(id: Uuid) -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        super::service::delete(Db::from_context()?.conn()?, user.id, id).await
    })
    .await
}

/// Sends a message and streams the reply: one JSON `ChatEvent` per line. The turn runs in its own
/// task; when the reader goes away (the stop button) the agent sees it and stops.
#[server(endpoint = "chat_send", output = StreamingText)]
pub async fn send_message(
    conversation_id: Option<Uuid>,
    text: String,
) -> Result<TextStream<AppError>, AppError> {
    use super::ChatEvent;
    use futures::StreamExt;

    let context = async {
        let user = require_user().await?;
        let db = Db::from_context()?.conn()?.clone();
        Ok::<_, AppError>((user, db, super::ChatAgent::from_context()?))
    };
    let (user, db, agent) = context.await.map_err(AppError::with_status)?;
    let now = user.local_now();
    let (events, receiver) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let result = super::service::run_turn(
            &db,
            user.id,
            conversation_id,
            &text,
            now,
            &agent,
            Some(events.clone()),
        )
        .await;
        if let Err(error) = result {
            let _ = events.send(ChatEvent::Failed {
                message: error.to_string(),
                changed: false,
            });
        }
    });
    let lines = futures::stream::unfold(receiver, |mut receiver| async move {
        let event = receiver.recv().await?;
        let mut line = serde_json::to_string(&event).unwrap_or_default();
        line.push('\n');
        Some((Ok(line), receiver))
    });
    Ok(TextStream::new(lines.boxed()))
}
