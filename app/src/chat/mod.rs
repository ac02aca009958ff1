//! The chat: conversations stored per user, what an agent is (`agent`: the contract), the
//! built-in agent that understands English task commands (`intent` + `builtin`), the LLM agent for
//! OpenAI-compatible endpoints (`llm`), the configured choice between them (`chat_agent`), the chat
//! service that runs one stateless turn, its server functions and the chat pane. The task tools
//! the agents call live with tasks (`tasks::tools`); here a tool call only becomes a card.
#[cfg(feature = "ssr")]
pub mod agent;
pub mod api;
#[cfg(feature = "ssr")]
pub mod builtin;
#[cfg(feature = "ssr")]
mod chat_agent;
#[cfg(feature = "ssr")]
pub mod intent;
#[cfg(feature = "ssr")]
pub mod llm;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;

#[cfg(feature = "ssr")]
pub use chat_agent::ChatAgent;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest chat message a user may send.
pub const MESSAGE_MAX_CHARS: usize = 4000;
/// Longest conversation title.
pub const TITLE_MAX_CHARS: usize = 80;

/// A tool call as the chat pane shows it: a compact card with its result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCard {
    pub name: String,
    /// The arguments as compact JSON.
    pub arguments: String,
    pub ok: bool,
    pub summary: String,
}

#[cfg(feature = "ssr")]
impl ToolCard {
    /// How a tool call and its result show in the pane.
    pub fn of(
        call: &crate::tasks::tools::ToolCall,
        output: &crate::tasks::tools::ToolOutput,
    ) -> Self {
        ToolCard {
            name: call.name().to_owned(),
            arguments: call.arguments(),
            ok: output.ok,
            summary: output.summary.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

/// One message as the pane shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: Uuid,
    pub role: Role,
    pub content: String,
    pub cards: Vec<ToolCard>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: Uuid,
    pub title: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: Uuid,
    pub title: String,
    pub messages: Vec<ChatMessage>,
}

/// What the server streams while it answers, one JSON object per line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChatEvent {
    /// The user's message is stored (a new conversation now has its id and title).
    Started {
        conversation: ConversationSummary,
        message: ChatMessage,
    },
    /// More of the reply's text.
    Text { delta: String },
    /// A tool is being called.
    ToolStarted { name: String, arguments: String },
    /// Its result.
    ToolFinished { card: ToolCard },
    /// The stored reply; `changed` says the task list should refresh.
    Done { message: ChatMessage, changed: bool },
    /// The turn failed; the sentence is for the user.
    Failed { message: String, changed: bool },
}
