//! The contract between the chat and its agents: an agent reads one user message (`Turn`) with
//! the conversation's recent history and answers through a `Reply`, which runs tools for the
//! signed-in user (the agent never names a user) and streams text and tool cards to the pane as
//! they happen. What a reply remembers for later turns is its `TurnRecord`.
use std::future::Future;

use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::UnboundedSender;
use uuid::Uuid;

use super::intent::Change;
use super::{ChatEvent, ToolCard};
use crate::db::message;
use crate::error::AppError;
use crate::tasks::tools::{self, ToolCall, ToolOutput};

/// One turn as an agent sees it.
pub struct Turn<'a> {
    pub text: &'a str,
    /// Recent messages of the conversation, oldest first, without this turn's message.
    pub history: &'a [message::Model],
    /// The user's local time.
    pub now: NaiveDateTime,
}

/// Answers chat messages. Implementations: the built-in agent and the configured `ChatAgent`
/// (which may be a language model that gives way to the built-in one).
pub trait Agent: Send + Sync {
    fn reply(
        &self,
        turn: &Turn<'_>,
        out: &mut Reply,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
}

/// What a reply remembers for the next turns, stored with the assistant message (its
/// `tool_calls` column): the cards, the numbers it listed ("the second one"), the tasks it touched
/// ("mark it done") and a question it is waiting on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnRecord {
    #[serde(default)]
    pub cards: Vec<ToolCard>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touched: Vec<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

impl TurnRecord {
    pub fn of(message: &message::Model) -> TurnRecord {
        message
            .tool_calls
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }
}

/// A question the agent asked and the answer it waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pending {
    /// "Delete 4 completed tasks?": a yes runs this call.
    Confirm(ToolCall),
    /// "Which one?": the answer picks one of `candidates` (task numbers) for `action`.
    Choose {
        action: Action,
        candidates: Vec<i64>,
    },
}

/// Something to do to one task once it is known which.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Complete,
    Reopen,
    Delete,
    Update(Vec<Change>),
}

/// The reply being built: text and tool cards go to the pane as they happen and are kept for the
/// stored assistant message. Tools run for `user_id`, which comes from the session.
pub struct Reply {
    db: DatabaseConnection,
    user_id: Uuid,
    now: NaiveDateTime,
    events: Option<UnboundedSender<ChatEvent>>,
    pub text: String,
    pub record: TurnRecord,
    pub changed: bool,
}

impl Reply {
    pub fn new(
        db: DatabaseConnection,
        user_id: Uuid,
        now: NaiveDateTime,
        events: Option<UnboundedSender<ChatEvent>>,
    ) -> Reply {
        Reply {
            db,
            user_id,
            now,
            events,
            text: String::new(),
            record: TurnRecord::default(),
            changed: false,
        }
    }

    /// True once the reader went away (the user pressed stop or closed the page).
    pub fn stopped(&self) -> bool {
        self.events.as_ref().is_some_and(|e| e.is_closed())
    }

    /// Returns once the reader went away; never, for a reply nobody reads live.
    pub async fn until_stopped(&self) {
        match &self.events {
            Some(events) => events.closed().await,
            None => std::future::pending().await,
        }
    }

    /// The database the tools run against, for agents that look before they act.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The user's local time for this turn.
    pub fn now(&self) -> NaiveDateTime {
        self.now
    }

    /// Whose tasks the tools act on.
    pub fn user_id(&self) -> Uuid {
        self.user_id
    }

    fn emit(&self, event: ChatEvent) {
        if let Some(events) = &self.events {
            // A closed channel means the user stopped; `stopped()` tells the agent.
            let _ = events.send(event);
        }
    }

    /// Adds text to the reply.
    pub fn say(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.text.push_str(text);
        self.emit(ChatEvent::Text {
            delta: text.to_owned(),
        });
    }

    /// Runs a tool for the signed-in user and shows it as a card.
    pub async fn call(&mut self, call: &ToolCall) -> Result<ToolOutput, AppError> {
        self.emit(ChatEvent::ToolStarted {
            name: call.name().to_owned(),
            arguments: call.arguments(),
        });
        let output = tools::run(&self.db, self.user_id, call, self.now).await?;
        let card = ToolCard::of(call, &output);
        self.emit(ChatEvent::ToolFinished { card: card.clone() });
        self.record.cards.push(card);
        self.changed |= output.changed;
        if output.ok {
            let numbers = output.tasks.iter().map(|t| t.number).collect();
            match call {
                ToolCall::ListTasks(_) | ToolCall::SuggestNext(_) => self.record.shown = numbers,
                ToolCall::DeleteTasks(_) | ToolCall::CountTasks(_) => {}
                _ => self.record.touched = numbers,
            }
        }
        Ok(output)
    }

    pub fn ask(&mut self, pending: Pending) {
        self.record.pending = Some(pending);
    }
}
