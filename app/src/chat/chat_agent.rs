//! The agent the server was configured with, chosen once at start-up: a language model when one
//! is configured (giving way to the built-in agent when the model cannot be used), else the
//! built-in agent. Above both, so neither knows the other.
use std::sync::Arc;

use super::agent::{Agent, Reply, Turn};
use super::builtin::BuiltinAgent;
use super::llm::{LlmAgent, LlmTurn};
use crate::error::AppError;

/// Cloned for every chat request, hence the `Arc`.
#[derive(Clone)]
pub enum ChatAgent {
    Builtin(BuiltinAgent),
    Llm(Arc<LlmAgent>),
}

impl ChatAgent {
    /// The agent the server provides to the chat's server functions.
    pub fn from_context() -> Result<ChatAgent, AppError> {
        crate::error::from_context()
    }
}

impl Agent for ChatAgent {
    async fn reply(&self, turn: &Turn<'_>, out: &mut Reply) -> Result<(), AppError> {
        match self {
            ChatAgent::Builtin(agent) => agent.reply(turn, out).await,
            ChatAgent::Llm(agent) => match agent.reply(turn, out).await? {
                LlmTurn::Done => Ok(()),
                LlmTurn::GaveWay(why) => {
                    out.say(&format!(
                        "The language model could not be reached: {why}. The built-in assistant answered instead:\n\n"
                    ));
                    BuiltinAgent.reply(turn, out).await
                }
            },
        }
    }
}
