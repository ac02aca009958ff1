//! Conversations and chat turns. A turn is stateless: it loads the conversation's recent history
//! from the database, stores the user's message, runs the agent and stores the reply with its tool
//! calls. Nothing about a conversation lives in server memory, so any instance can serve the next
//! message, also after a restart.
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use tokio::sync::mpsc::UnboundedSender;
use uuid::Uuid;

use super::agent::{Agent, Reply, Turn, TurnRecord};
use super::{
    ChatEvent, ChatMessage, Conversation, ConversationSummary, Role, MESSAGE_MAX_CHARS,
    TITLE_MAX_CHARS,
};
use crate::db::{conversation, message};
use crate::error::AppError;

/// How many earlier messages an agent sees.
pub const HISTORY_MESSAGES: u64 = 20;

fn summary(model: conversation::Model) -> ConversationSummary {
    ConversationSummary {
        id: model.id,
        title: model.title,
        updated_at: model.updated_at,
    }
}

pub fn to_chat_message(model: message::Model) -> ChatMessage {
    let role = if model.role == "user" {
        Role::User
    } else {
        Role::Assistant
    };
    let cards = TurnRecord::of(&model).cards;
    ChatMessage {
        id: model.id,
        role,
        content: model.content,
        cards,
        created_at: model.created_at,
    }
}

/// The user's conversations, most recently active first (the history and the pane's latest).
fn newest_first(user_id: Uuid) -> sea_orm::Select<conversation::Entity> {
    conversation::Entity::find()
        .filter(conversation::Column::UserId.eq(user_id))
        .order_by_desc(conversation::Column::UpdatedAt)
}

/// The user's conversations, most recently active first.
pub async fn list(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Vec<ConversationSummary>, AppError> {
    Ok(newest_first(user_id)
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

/// Another user's conversation behaves exactly like a missing one.
async fn find(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<conversation::Model, AppError> {
    conversation::Entity::find_by_id(id)
        .filter(conversation::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That conversation".into()))
}

/// A conversation with all its messages, oldest first.
pub async fn get(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
) -> Result<Conversation, AppError> {
    let found = find(db, user_id, id).await?;
    with_messages(db, found).await
}

/// The user's most recently active conversation with its messages, if they have one.
pub async fn latest(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Option<Conversation>, AppError> {
    let found = newest_first(user_id).one(db).await?;
    match found {
        Some(found) => with_messages(db, found).await.map(Some),
        None => Ok(None),
    }
}

async fn with_messages(
    db: &DatabaseConnection,
    found: conversation::Model,
) -> Result<Conversation, AppError> {
    let messages = message::Entity::find()
        .filter(message::Column::ConversationId.eq(found.id))
        .order_by_asc(message::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(to_chat_message)
        .collect();
    Ok(Conversation {
        id: found.id,
        title: found.title,
        messages,
    })
}

fn clean_title(raw: &str) -> Result<String, AppError> {
    let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(AppError::field("title", "Give the conversation a title."));
    }
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(AppError::field(
            "title",
            format!("A title can have at most {TITLE_MAX_CHARS} characters."),
        ));
    }
    Ok(title)
}

/// The automatic title: the first message, cut at a word near 50 characters.
pub fn title_from(message: &str) -> String {
    let text = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 50 {
        return text;
    }
    let mut title = String::new();
    for word in text.split(' ') {
        if title.chars().count() + word.chars().count() > 50 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.is_empty() {
        title = text.chars().take(50).collect();
    }
    title.push('…');
    title
}

pub async fn rename(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
    title: &str,
) -> Result<ConversationSummary, AppError> {
    let title = clean_title(title)?;
    let mut model: conversation::ActiveModel = find(db, user_id, id).await?.into();
    model.title = Set(title);
    Ok(summary(model.update(db).await?))
}

/// Deletes a conversation; its messages go with it (ON DELETE CASCADE).
pub async fn delete(db: &DatabaseConnection, user_id: Uuid, id: Uuid) -> Result<(), AppError> {
    let result = conversation::Entity::delete_many()
        .filter(conversation::Column::Id.eq(id))
        .filter(conversation::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound("That conversation".into()));
    }
    Ok(())
}

fn clean_message(raw: &str) -> Result<String, AppError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(AppError::field("text", "Type a message first."));
    }
    if text.chars().count() > MESSAGE_MAX_CHARS {
        return Err(AppError::field(
            "text",
            format!("A message can have at most {MESSAGE_MAX_CHARS} characters."),
        ));
    }
    Ok(text.to_owned())
}

async fn store_message(
    db: &DatabaseConnection,
    conversation_id: Uuid,
    role: &str,
    content: String,
    record: Option<&TurnRecord>,
    at: DateTime<Utc>,
) -> Result<message::Model, AppError> {
    let tool_calls = record
        .filter(|r| **r != TurnRecord::default())
        .and_then(|r| serde_json::to_string(r).ok());
    Ok(message::ActiveModel {
        id: Set(Uuid::new_v4()),
        conversation_id: Set(conversation_id),
        role: Set(role.to_owned()),
        content: Set(content),
        tool_calls: Set(tool_calls),
        created_at: Set(at),
    }
    .insert(db)
    .await?)
}

/// What a finished turn produced.
pub struct TurnOutcome {
    pub conversation: ConversationSummary,
    pub user_message: ChatMessage,
    pub reply: ChatMessage,
    pub changed: bool,
}

/// Runs one chat turn for `user_id`: in `conversation_id`, or a new conversation titled after
/// the message. `now` is the user's local time. Events stream to `events` as they happen; the
/// outcome is what was stored.
pub async fn run_turn(
    db: &DatabaseConnection,
    user_id: Uuid,
    conversation_id: Option<Uuid>,
    text: &str,
    now: NaiveDateTime,
    agent: &impl Agent,
    events: Option<UnboundedSender<ChatEvent>>,
) -> Result<TurnOutcome, AppError> {
    let text = clean_message(text)?;
    let stamp = Utc::now();
    let conversation = match conversation_id {
        Some(id) => find(db, user_id, id).await?,
        None => {
            conversation::ActiveModel {
                id: Set(Uuid::new_v4()),
                user_id: Set(user_id),
                title: Set(title_from(&text)),
                created_at: Set(stamp),
                updated_at: Set(stamp),
            }
            .insert(db)
            .await?
        }
    };
    let mut history = message::Entity::find()
        .filter(message::Column::ConversationId.eq(conversation.id))
        .order_by_desc(message::Column::CreatedAt)
        .limit(HISTORY_MESSAGES)
        .all(db)
        .await?;
    history.reverse();
    // Stored times must keep the order of the conversation even within one clock tick.
    let after_history = history
        .last()
        .map(|m| m.created_at + Duration::microseconds(1))
        .unwrap_or(stamp);
    let user_at = Ord::max(stamp, after_history);
    let user_message = to_chat_message(
        store_message(db, conversation.id, "user", text.clone(), None, user_at).await?,
    );
    let conversation = summary(conversation);
    if let Some(events) = &events {
        let _ = events.send(ChatEvent::Started {
            conversation: conversation.clone(),
            message: user_message.clone(),
        });
    }

    let mut reply = Reply::new(db.clone(), user_id, now, events.clone());
    let turn = Turn {
        text: &text,
        history: &history,
        now,
    };
    let result = agent.reply(&turn, &mut reply).await;
    if let Err(error) = &result {
        // Whatever the agent did so far is kept; the failure is said in the reply.
        tracing::warn!(%error, "chat turn failed");
        if !reply.text.is_empty() {
            reply.text.push_str("\n\n");
        }
        reply.text.push_str(&error.to_string());
    }
    if reply.stopped() {
        reply.text.push_str(" (stopped)");
    }
    let reply_at = Ord::max(Utc::now(), user_at + Duration::microseconds(1));
    let stored = store_message(
        db,
        conversation.id,
        "assistant",
        reply.text.clone(),
        Some(&reply.record),
        reply_at,
    )
    .await?;
    // The conversation was read (or made) above: one UPDATE moves it to the top of the list.
    let touched = conversation::Entity::update_many()
        .col_expr(conversation::Column::UpdatedAt, Expr::value(reply_at))
        .filter(conversation::Column::Id.eq(conversation.id))
        .filter(conversation::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if touched.rows_affected == 0 {
        return Err(AppError::NotFound("That conversation".into()));
    }
    let conversation = ConversationSummary {
        updated_at: reply_at,
        ..conversation
    };
    let reply_message = to_chat_message(stored);
    if let Some(events) = &events {
        let event = match &result {
            Ok(()) => ChatEvent::Done {
                message: reply_message.clone(),
                changed: reply.changed,
            },
            Err(error) => ChatEvent::Failed {
                message: error.to_string(),
                changed: reply.changed,
            },
        };
        let _ = events.send(event);
    }
    Ok(TurnOutcome {
        conversation,
        user_message,
        reply: reply_message,
        changed: reply.changed,
    })
}
