//! The LLM agent: any OpenAI-compatible chat-completions endpoint (OpenAI, Gemini's compatible
//! endpoint, Ollama, vLLM, llama.cpp) with tool calling, streamed, in a bounded loop of tool
//! steps (`tool_loop`). Tools run through `Reply::call`, so they act for the signed-in user only.
//! When the endpoint fails, the turn says so and gives way (see `chat::ChatAgent`).
//!
//! The client is our own, over reqwest (`http`) and a small server-sent-events reader (`sse`),
//! rather than async-openai: providers differ in chunk shapes, so chunks are read into lenient
//! structs (`wire`); and we need our own status, timeout and stall handling to fall back quickly
//! with a readable sentence (`settings`: no retries with back-off, no "EOF while parsing" for a
//! wrong base URL).
mod http;
pub mod settings;
mod sse;
mod tool_loop;
mod wire;

use std::time::Duration;

use reqwest::Url;
use serde_json::{json, Value};

pub use settings::LlmSettings;
use settings::{endpoint, LlmError};
pub use tool_loop::MAX_TOOL_STEPS;

use crate::chat::agent::{Reply, Turn};
use crate::error::AppError;
use crate::tasks::tools::Tool;

#[derive(Clone)]
pub struct LlmAgent {
    http: reqwest::Client,
    endpoint: Url,
    /// The endpoint without any user name, password or query, for logs and messages.
    shown: String,
    api_key: String,
    model: String,
    timeout: Duration,
    stall: Duration,
    /// The tool schemas as the request carries them, built once.
    tools: Value,
}

impl LlmAgent {
    /// Checks the settings; the error is a sentence for the start-up log.
    pub fn new(settings: LlmSettings) -> Result<LlmAgent, String> {
        let endpoint = endpoint(&settings.base_url)?;
        if settings.model.trim().is_empty() || settings.api_key.trim().is_empty() {
            return Err("LLM_MODEL and LLM_API_KEY must not be empty.".into());
        }
        let http = reqwest::Client::builder()
            .connect_timeout(settings.stall)
            .build()
            .map_err(|e| {
                format!("The HTTP client for the language model could not be set up: {e}.")
            })?;
        let tools = Tool::ALL
            .into_iter()
            .map(|tool| {
                json!({
                    "type": "function",
                    "function": {
                        "name": tool.name(),
                        "description": tool.description(),
                        "parameters": tool.parameters(),
                    },
                })
            })
            .collect();
        let mut shown = endpoint.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        shown.set_query(None);
        Ok(LlmAgent {
            http,
            shown: shown.to_string(),
            endpoint,
            api_key: settings.api_key.trim().to_owned(),
            model: settings.model.trim().to_owned(),
            timeout: settings.timeout,
            stall: settings.stall,
            tools: Value::Array(tools),
        })
    }

    /// "gpt-4o-mini at https://api.openai.com/v1/chat/completions", safe to log.
    pub fn describe(&self) -> String {
        format!("{} at {}", self.model, self.shown)
    }
}

/// How a model request ended when it did not give an answer.
enum Failure {
    Llm(LlmError),
    /// The user pressed stop: nothing more to say.
    Stopped,
    /// The database failed while a tool ran: the turn fails as any turn would.
    App(AppError),
}

impl From<LlmError> for Failure {
    fn from(error: LlmError) -> Self {
        Failure::Llm(error)
    }
}

/// How a turn with the model ended.
#[derive(Debug, PartialEq, Eq)]
pub enum LlmTurn {
    /// Answered, stopped by the user, or failed after changing tasks (said so in the reply).
    Done,
    /// The model could not be used and nothing changed; why, in words: another agent may answer.
    GaveWay(String),
}

impl LlmAgent {
    pub async fn reply(&self, turn: &Turn<'_>, out: &mut Reply) -> Result<LlmTurn, AppError> {
        let error = match self.converse(turn, out).await {
            Ok(()) | Err(Failure::Stopped) => return Ok(LlmTurn::Done),
            Err(Failure::App(error)) => return Err(error),
            Err(Failure::Llm(error)) => error,
        };
        tracing::warn!(model = %self.model, endpoint = %self.shown, %error, "the language model failed");
        if out.stopped() {
            return Ok(LlmTurn::Done);
        }
        if !out.text.is_empty() {
            out.say("\n\n");
        }
        if out.changed {
            // Tasks already changed: another agent on the same words could do it twice.
            out.say(&format!(
                "The language model stopped answering: {error}. The steps shown above were done."
            ));
            return Ok(LlmTurn::Done);
        }
        Ok(LlmTurn::GaveWay(error.to_string()))
    }
}
