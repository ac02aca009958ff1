//! The LLM agent: any OpenAI-compatible chat-completions endpoint (OpenAI, Gemini's compatible
//! endpoint, Ollama, vLLM, llama.cpp) with tool calling, streamed, in a bounded loop of tool
//! steps. Tools run through `Reply::call`, so they act for the signed-in user only. When the
//! endpoint fails, the reply says why and the built-in agent answers the same turn.
//!
//! The client is our own, over reqwest and a small server-sent-events reader, rather than
//! async-openai: providers differ in chunk shapes (Gemini's tool-call deltas have no `index`), so
//! chunks are read into the lenient structs below; and we need our own status, timeout and stall
//! handling to fall back quickly with a readable sentence (no retries with back-off, no "EOF while
//! parsing" for a wrong base URL).
use std::fmt;
use std::future::Future;
use std::time::Duration;

use futures::StreamExt;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::{StatusCode, Url};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::time::{sleep, timeout_at, Instant};

use super::agent::{Agent, BuiltinAgent, Reply, Turn, TurnRecord};
use super::tools::{self, ToolCall};
use crate::db::message;
use crate::error::AppError;

/// Model answers that ask for tools, at most, per turn.
pub const MAX_TOOL_STEPS: usize = 5;
/// Tool calls run from one answer, at most; more get an error result.
const MAX_CALLS_PER_STEP: usize = 10;
/// How often a wait checks whether the user pressed stop.
const STOP_POLL: Duration = Duration::from_millis(200);

/// Where the model is and how long to wait for it.
#[derive(Clone)]
pub struct LlmSettings {
    /// e.g. https://api.openai.com/v1; `/chat/completions` is appended.
    pub base_url: String,
    pub api_key: String,
    pub model: String,
    /// Longest one request to the model may take, from sending it to the last byte.
    pub timeout: Duration,
    /// Longest wait for the model to start answering, and between two pieces of its answer.
    pub stall: Duration,
}

/// Never shows the key.
impl fmt::Debug for LlmSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LlmSettings")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("timeout", &self.timeout)
            .field("stall", &self.stall)
            .finish_non_exhaustive()
    }
}

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
        let tools = tools::specs()
            .into_iter()
            .map(|spec| {
                json!({
                    "type": "function",
                    "function": {
                        "name": spec.name,
                        "description": spec.description,
                        "parameters": spec.parameters,
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

/// The chat-completions URL for a base URL, which may or may not end in `/chat/completions`.
fn endpoint(base: &str) -> Result<Url, String> {
    let base = base.trim().trim_end_matches('/');
    let base = base.strip_suffix("/chat/completions").unwrap_or(base);
    let url = Url::parse(&format!("{base}/chat/completions")).map_err(|e| {
        format!("LLM_BASE_URL is not a valid URL ({e}); expected something like https://api.openai.com/v1.")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(
            "LLM_BASE_URL must be an http:// or https:// URL such as https://api.openai.com/v1."
                .into(),
        );
    }
    Ok(url)
}

/// Why the model could not be used, in words for the user.
#[derive(Debug)]
enum LlmError {
    Connect(String),
    NoAnswer(Duration),
    Stalled(Duration),
    Timeout(Duration),
    KeyRefused,
    RateLimited,
    ServerError(u16),
    NotFound(String),
    Rejected(u16, String),
    Provider(String),
    Unreadable(String),
}

impl fmt::Display for LlmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LlmError::Connect(what) => write!(f, "{what}"),
            LlmError::NoAnswer(d) => write!(f, "it did not start answering within {} s", secs(*d)),
            LlmError::Stalled(d) => write!(f, "it stopped sending in mid-answer for {} s", secs(*d)),
            LlmError::Timeout(d) => write!(f, "it did not finish answering within {} s", secs(*d)),
            LlmError::KeyRefused => write!(f, "the API key was refused; check LLM_API_KEY"),
            LlmError::RateLimited => write!(f, "it is rate limited; try again in a minute"),
            LlmError::ServerError(code) => write!(f, "it had a server error (HTTP {code})"),
            LlmError::NotFound(url) => write!(
                f,
                "nothing answers at {url} (HTTP 404); check LLM_BASE_URL (it usually ends in /v1) and LLM_MODEL"
            ),
            LlmError::Rejected(code, detail) => {
                write!(f, "it refused the request (HTTP {code})")?;
                if !detail.is_empty() {
                    write!(f, ": {detail}")?;
                }
                Ok(())
            }
            LlmError::Provider(detail) => write!(f, "it reported an error: {detail}"),
            LlmError::Unreadable(what) => write!(f, "{what}"),
        }
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{}", d.as_secs())
    } else {
        format!("{s:.1}")
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

impl Agent for LlmAgent {
    async fn reply(&self, turn: &Turn<'_>, out: &mut Reply) -> Result<(), AppError> {
        let error = match self.converse(turn, out).await {
            Ok(()) | Err(Failure::Stopped) => return Ok(()),
            Err(Failure::App(error)) => return Err(error),
            Err(Failure::Llm(error)) => error,
        };
        tracing::warn!(model = %self.model, endpoint = %self.shown, %error, "the language model failed");
        if out.stopped() {
            return Ok(());
        }
        if !out.text.is_empty() {
            out.say("\n\n");
        }
        if out.changed {
            // Tasks already changed: running the built-in agent on the same words could do it twice.
            out.say(&format!(
                "The language model stopped answering: {error}. The steps shown above were done."
            ));
            return Ok(());
        }
        out.say(&format!(
            "The language model could not be reached: {error}. The built-in assistant answered instead:\n\n"
        ));
        BuiltinAgent.reply(turn, out).await
    }
}

impl LlmAgent {
    /// The tool loop: ask the model, run the tools it asks for, give it the results, until it
    /// answers in words or MAX_TOOL_STEPS answers have asked for tools.
    async fn converse(&self, turn: &Turn<'_>, out: &mut Reply) -> Result<(), Failure> {
        let mut messages = conversation(turn);
        for step in 0..=MAX_TOOL_STEPS {
            let last = step == MAX_TOOL_STEPS;
            let mut body = json!({
                "model": self.model,
                "messages": messages,
                "tools": self.tools,
                "stream": true,
            });
            if last {
                // Out of tool steps: ask for words only.
                body["tool_choice"] = json!("none");
            }
            let mut answer = self.complete(&body, out).await?;
            if answer.calls.is_empty() {
                if answer.text.trim().is_empty() {
                    return self.say_empty(out);
                }
                return Ok(());
            }
            if last {
                out.say(&format!(
                    "\n\nI stopped after {MAX_TOOL_STEPS} tool steps without finishing. Tell me what to do next."
                ));
                return Ok(());
            }
            for (n, call) in answer.calls.iter_mut().enumerate() {
                if call.id.is_empty() {
                    call.id = format!("call_{step}_{n}");
                }
            }
            messages.push(answer.assistant_message());
            for (n, call) in answer.calls.iter().enumerate() {
                if out.stopped() {
                    return Err(Failure::Stopped);
                }
                let result = if n >= MAX_CALLS_PER_STEP {
                    json!({"ok": false, "result": "Too many tool calls at once; this one was not run."})
                } else {
                    match call.parse() {
                        Ok(tool) => out
                            .call(&tool)
                            .await
                            .map_err(Failure::App)?
                            .for_model(turn.now.date()),
                        Err(sentence) => json!({"ok": false, "result": sentence}),
                    }
                };
                messages.push(json!({
                    "role": "tool",
                    "tool_call_id": call.id,
                    "content": result.to_string(),
                }));
            }
        }
        Ok(())
    }

    /// The model said nothing: with tools already run their summaries answer; otherwise the
    /// answer is unusable and the built-in agent takes over.
    fn say_empty(&self, out: &mut Reply) -> Result<(), Failure> {
        if out.record.cards.is_empty() {
            return Err(LlmError::Unreadable("it sent an empty answer".into()).into());
        }
        let summaries: Vec<String> = out.record.cards.iter().map(|c| c.summary.clone()).collect();
        out.say(&summaries.join("\n"));
        Ok(())
    }

    /// One request: its text streams to the pane as it arrives; tool calls are collected.
    async fn complete(&self, body: &Value, out: &mut Reply) -> Result<Answer, Failure> {
        let deadline = Instant::now() + self.timeout;
        let request = self
            .http
            .post(self.endpoint.clone())
            .bearer_auth(&self.api_key)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body.to_string())
            .send();
        let response = self
            .wait(out, deadline, LlmError::NoAnswer(self.stall), request)
            .await?
            .map_err(|e| self.connect_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            let detail = match self
                .wait(
                    out,
                    deadline,
                    LlmError::NoAnswer(self.stall),
                    response.bytes(),
                )
                .await
            {
                Ok(Ok(bytes)) => error_detail(&bytes),
                _ => String::new(),
            };
            tracing::warn!(%status, %detail, "the language model refused a request");
            return Err(self.status_error(status, detail).into());
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_lowercase();
        if content_type.starts_with("application/json") {
            // A server that ignores `stream: true` answers with one JSON object.
            let bytes = self
                .wait(
                    out,
                    deadline,
                    LlmError::NoAnswer(self.stall),
                    response.bytes(),
                )
                .await?
                .map_err(|e| LlmError::Unreadable(format!("the connection broke: {e}")))?;
            let mut answer = Answer::default();
            answer.apply(parse_chunk(&bytes)?, out);
            return Ok(answer);
        }
        if content_type.starts_with("text/html") {
            return Err(LlmError::Unreadable(format!(
                "{} answered with a web page, not a chat completion; check LLM_BASE_URL (it usually ends in /v1)",
                self.origin()
            ))
            .into());
        }
        self.read_stream(response, deadline, out).await
    }

    async fn read_stream(
        &self,
        response: reqwest::Response,
        deadline: Instant,
        out: &mut Reply,
    ) -> Result<Answer, Failure> {
        let mut stream = response.bytes_stream();
        let mut events = SseReader::default();
        let mut answer = Answer::default();
        let mut any_event = false;
        loop {
            let next = self
                .wait(out, deadline, LlmError::Stalled(self.stall), stream.next())
                .await?;
            let chunk = match next {
                Some(Ok(chunk)) => chunk,
                Some(Err(e)) => {
                    return Err(LlmError::Unreadable(format!(
                        "the connection broke in mid-answer ({e})"
                    ))
                    .into())
                }
                None => break,
            };
            for data in events.push(&chunk) {
                any_event = true;
                if data.trim() == "[DONE]" {
                    return Ok(answer);
                }
                answer.apply(parse_chunk(data.as_bytes())?, out);
            }
        }
        if let Some(data) = events.finish() {
            any_event = true;
            if data.trim() != "[DONE]" {
                answer.apply(parse_chunk(data.as_bytes())?, out);
            }
        }
        if !any_event && events.saw_bytes {
            return Err(LlmError::Unreadable(
                "its answer was not a stream of chat completion chunks; check LLM_BASE_URL".into(),
            )
            .into());
        }
        Ok(answer)
    }

    /// Awaits `future` until the deadline or the stall timeout, whichever is first, and gives up
    /// as soon as the user presses stop.
    async fn wait<T>(
        &self,
        out: &Reply,
        deadline: Instant,
        stalled: LlmError,
        future: impl Future<Output = T>,
    ) -> Result<T, Failure> {
        let stall_at = Instant::now() + self.stall;
        let (until, error) = if stall_at < deadline {
            (stall_at, stalled)
        } else {
            (deadline, LlmError::Timeout(self.timeout))
        };
        tokio::select! {
            result = timeout_at(until, future) => result.map_err(|_| Failure::Llm(error)),
            () = until_stopped(out) => Err(Failure::Stopped),
        }
    }

    fn origin(&self) -> String {
        let mut origin = format!(
            "{}://{}",
            self.endpoint.scheme(),
            self.endpoint.host_str().unwrap_or_default()
        );
        if let Some(port) = self.endpoint.port() {
            origin.push_str(&format!(":{port}"));
        }
        origin
    }

    fn connect_error(&self, error: &reqwest::Error) -> LlmError {
        // The full cause goes to the log; the user gets where it tried.
        tracing::warn!(
            endpoint = %self.shown,
            cause = ?std::error::Error::source(error),
            "the language model's endpoint could not be reached"
        );
        if error.is_connect() {
            LlmError::Connect(format!("nothing answered at {}", self.origin()))
        } else if error.is_timeout() {
            LlmError::NoAnswer(self.stall)
        } else {
            LlmError::Connect(format!("the request to {} failed", self.origin()))
        }
    }

    fn status_error(&self, status: StatusCode, detail: String) -> LlmError {
        match status.as_u16() {
            401 | 403 => LlmError::KeyRefused,
            404 => LlmError::NotFound(self.shown.clone()),
            429 => LlmError::RateLimited,
            code if code >= 500 => LlmError::ServerError(code),
            code => LlmError::Rejected(code, detail),
        }
    }
}

async fn until_stopped(out: &Reply) {
    while !out.stopped() {
        sleep(STOP_POLL).await;
    }
}

/// The provider's error message from an error body, shortened; empty when there is none.
fn error_detail(body: &[u8]) -> String {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return String::new();
    };
    // OpenAI: {"error":{"message":…}}; Gemini sometimes wraps it in an array.
    let error = value.get(0).unwrap_or(&value);
    let message = error
        .pointer("/error/message")
        .or_else(|| error.get("message"))
        .or_else(|| error.get("error"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    message.chars().take(200).collect()
}

/// The system prompt, the stored history and the user's message, as OpenAI messages.
fn conversation(turn: &Turn<'_>) -> Vec<Value> {
    let mut messages = vec![json!({"role": "system", "content": system_prompt(turn)})];
    for (i, stored) in turn.history.iter().enumerate() {
        messages.extend(history_messages(i, stored));
    }
    messages.push(json!({"role": "user", "content": turn.text}));
    messages
}

fn system_prompt(turn: &Turn<'_>) -> String {
    format!(
        "You are the assistant of taskpilot, a task manager. You manage the user's tasks with the \
         tools. It is now {} in the user's timezone; give due dates as YYYY-MM-DD or YYYY-MM-DD \
         HH:MM. Tasks are referred to by their number, written like #3; when the user names a task \
         by words, use list_tasks to find its number. Before deleting several tasks at once, ask the \
         user to confirm, and call delete_tasks with confirmed true only after they said yes. \
         Answer briefly, in plain text.",
        turn.now.format("%A %-d %B %Y, %H:%M")
    )
}

/// A stored message as OpenAI messages: an assistant reply that used tools becomes its tool calls
/// and results (with made-up ids), then its text.
fn history_messages(i: usize, stored: &message::Model) -> Vec<Value> {
    match stored.role.as_str() {
        "user" => vec![json!({"role": "user", "content": stored.content})],
        "assistant" => {
            let cards = TurnRecord::of(stored).cards;
            let mut messages = Vec::new();
            if !cards.is_empty() {
                let calls: Vec<Value> = cards
                    .iter()
                    .enumerate()
                    .map(|(j, card)| {
                        json!({
                            "id": format!("history_{i}_{j}"),
                            "type": "function",
                            "function": {"name": card.name, "arguments": card.arguments},
                        })
                    })
                    .collect();
                messages.push(json!({"role": "assistant", "content": null, "tool_calls": calls}));
                for (j, card) in cards.iter().enumerate() {
                    messages.push(json!({
                        "role": "tool",
                        "tool_call_id": format!("history_{i}_{j}"),
                        "content": json!({"ok": card.ok, "result": card.summary}).to_string(),
                    }));
                }
            }
            if !stored.content.is_empty() {
                messages.push(json!({"role": "assistant", "content": stored.content}));
            }
            messages
        }
        _ => Vec::new(),
    }
}

/// One streamed chunk, or a whole non-streamed completion (which has `message` for `delta`).
/// Everything is optional: providers leave out different fields.
#[derive(Debug, Default, Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Option<Vec<Choice>>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
struct Choice {
    #[serde(default)]
    delta: Option<Delta>,
    #[serde(default)]
    message: Option<Delta>,
}

#[derive(Debug, Default, Deserialize)]
struct Delta {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Option<Vec<CallDelta>>,
}

#[derive(Debug, Default, Deserialize)]
struct CallDelta {
    #[serde(default)]
    index: Option<usize>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    function: Option<FunctionDelta>,
}

#[derive(Debug, Default, Deserialize)]
struct FunctionDelta {
    #[serde(default)]
    name: Option<String>,
    /// A string, in pieces; some servers send the object itself.
    #[serde(default)]
    arguments: Option<Value>,
}

fn parse_chunk(data: &[u8]) -> Result<Chunk, LlmError> {
    let chunk: Chunk = serde_json::from_slice(data)
        .map_err(|e| LlmError::Unreadable(format!("its answer could not be read ({e})")))?;
    if let Some(error) = &chunk.error {
        let detail = error_detail(json!({ "error": error }).to_string().as_bytes());
        return Err(LlmError::Provider(if detail.is_empty() {
            error.to_string().chars().take(200).collect()
        } else {
            detail
        }));
    }
    Ok(chunk)
}

/// What one model answer said and asked for.
#[derive(Debug, Default)]
struct Answer {
    text: String,
    calls: Vec<PendingCall>,
}

#[derive(Debug, Default)]
struct PendingCall {
    index: Option<usize>,
    id: String,
    name: String,
    arguments: String,
}

impl PendingCall {
    /// The call as a tool, or the sentence the model gets back instead.
    fn parse(&self) -> Result<ToolCall, String> {
        let arguments = if self.arguments.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&self.arguments)
                .map_err(|e| format!("The arguments for {} are not valid JSON: {e}.", self.name))?
        };
        ToolCall::parse(&self.name, arguments)
    }
}

impl Answer {
    fn apply(&mut self, chunk: Chunk, out: &mut Reply) {
        for choice in chunk.choices.unwrap_or_default() {
            let Some(delta) = choice.delta.or(choice.message) else {
                continue;
            };
            if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
                out.say(&text);
                self.text.push_str(&text);
            }
            for part in delta.tool_calls.unwrap_or_default() {
                self.add_call_part(part);
            }
        }
    }

    /// OpenAI streams a call in pieces that share an `index` (the first has its id and name);
    /// Gemini sends each call whole, without an index.
    fn add_call_part(&mut self, part: CallDelta) {
        let (name, arguments) = part
            .function
            .map(|f| (f.name, f.arguments))
            .unwrap_or_default();
        let arguments = match arguments {
            Some(Value::String(text)) => text,
            None | Some(Value::Null) => String::new(),
            Some(other) => other.to_string(),
        };
        let new_id = part.id.filter(|id| !id.is_empty());
        let existing = match part.index {
            Some(index) => self.calls.iter().rposition(|c| {
                c.index == Some(index)
                    && new_id
                        .as_ref()
                        .is_none_or(|id| c.id.is_empty() || *id == c.id)
            }),
            None if name.is_some() => None,
            None => self.calls.len().checked_sub(1),
        };
        match existing {
            Some(at) => {
                let call = &mut self.calls[at];
                if call.id.is_empty() {
                    call.id = new_id.unwrap_or_default();
                }
                if call.name.is_empty() {
                    call.name = name.unwrap_or_default();
                }
                call.arguments.push_str(&arguments);
            }
            None => self.calls.push(PendingCall {
                index: part.index,
                id: new_id.unwrap_or_default(),
                name: name.unwrap_or_default(),
                arguments,
            }),
        }
    }

    /// The assistant message that carries the calls back to the model in the next request.
    fn assistant_message(&self) -> Value {
        let calls: Vec<Value> = self
            .calls
            .iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                })
            })
            .collect();
        let content = if self.text.is_empty() {
            Value::Null
        } else {
            Value::String(self.text.clone())
        };
        json!({"role": "assistant", "content": content, "tool_calls": calls})
    }
}

/// Reads server-sent events from a byte stream: `data:` lines, an event per blank line. Comments
/// (keep-alives) and other fields are ignored.
#[derive(Default)]
struct SseReader {
    buffer: Vec<u8>,
    data: Option<String>,
    saw_bytes: bool,
}

impl SseReader {
    /// Adds bytes; returns the data of every event they complete.
    fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        self.saw_bytes |= !bytes.is_empty();
        self.buffer.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(end) = self.buffer.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.buffer.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                events.extend(self.data.take());
            } else if let Some(value) = line.strip_prefix("data:") {
                let value = value.strip_prefix(' ').unwrap_or(value);
                match &mut self.data {
                    Some(data) => {
                        data.push('\n');
                        data.push_str(value);
                    }
                    None => self.data = Some(value.to_owned()),
                }
            }
        }
        events
    }

    /// The last event when the stream ended without a blank line after it.
    fn finish(&mut self) -> Option<String> {
        if !self.buffer.is_empty() {
            let rest = std::mem::take(&mut self.buffer);
            self.push(&rest);
            self.push(b"\n");
        }
        self.data.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_accept_a_base_or_the_full_url() {
        for base in [
            "https://api.openai.com/v1",
            "https://api.openai.com/v1/",
            "https://api.openai.com/v1/chat/completions",
        ] {
            assert_eq!(
                endpoint(base).unwrap().as_str(),
                "https://api.openai.com/v1/chat/completions"
            );
        }
        assert!(endpoint("api.openai.com/v1").is_err());
        assert!(endpoint("ftp://example.com").is_err());
    }

    #[test]
    fn sse_events_survive_any_split() {
        let stream = "data: {\"a\":1}\r\n\r\n: keep-alive\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n";
        for cut in 0..stream.len() {
            let mut reader = SseReader::default();
            let (head, tail) = stream.as_bytes().split_at(cut);
            let mut events = reader.push(head);
            events.extend(reader.push(tail));
            events.extend(reader.finish());
            assert_eq!(events, ["{\"a\":1}", "{\"b\":2}", "[DONE]"], "cut at {cut}");
        }
    }

    #[test]
    fn an_event_without_a_final_blank_line_is_kept() {
        let mut reader = SseReader::default();
        assert!(reader.push(b"data: {\"a\":1}").is_empty());
        assert_eq!(reader.finish().as_deref(), Some("{\"a\":1}"));
    }

    fn part(index: Option<usize>, id: Option<&str>, name: Option<&str>, args: &str) -> CallDelta {
        CallDelta {
            index,
            id: id.map(str::to_owned),
            function: Some(FunctionDelta {
                name: name.map(str::to_owned),
                arguments: Some(Value::String(args.to_owned())),
            }),
        }
    }

    #[test]
    fn call_pieces_are_joined_by_index_or_taken_whole() {
        let mut openai = Answer::default();
        openai.add_call_part(part(Some(0), Some("a"), Some("add_task"), ""));
        openai.add_call_part(part(Some(1), Some("b"), Some("list_tasks"), "{}"));
        openai.add_call_part(part(Some(0), None, None, "{\"title\":"));
        openai.add_call_part(part(Some(0), None, None, "\"Milk\"}"));
        let calls: Vec<_> = openai
            .calls
            .iter()
            .map(|c| (&*c.id, &*c.name, &*c.arguments))
            .collect();
        assert_eq!(
            calls,
            [
                ("a", "add_task", "{\"title\":\"Milk\"}"),
                ("b", "list_tasks", "{}")
            ]
        );

        let mut gemini = Answer::default();
        gemini.add_call_part(part(None, Some(""), Some("add_task"), "{\"title\":\"A\"}"));
        gemini.add_call_part(part(None, None, Some("add_task"), "{\"title\":\"B\"}"));
        assert_eq!(gemini.calls.len(), 2);
        assert_eq!(gemini.calls[1].arguments, "{\"title\":\"B\"}");
    }

    #[test]
    fn bad_arguments_become_a_sentence() {
        let call = PendingCall {
            name: "add_task".into(),
            arguments: "{\"title\":".into(),
            ..PendingCall::default()
        };
        assert!(call.parse().unwrap_err().contains("not valid JSON"));
        let call = PendingCall {
            name: "fly_to_moon".into(),
            ..PendingCall::default()
        };
        assert_eq!(
            call.parse().unwrap_err(),
            "There is no tool called \"fly_to_moon\"."
        );
    }

    #[test]
    fn provider_errors_are_read_from_either_shape() {
        assert_eq!(
            error_detail(br#"{"error":{"message":"bad model"}}"#),
            "bad model"
        );
        assert_eq!(
            error_detail(br#"[{"error":{"code":400,"message":"nope"}}]"#),
            "nope"
        );
        assert_eq!(error_detail(b"<html>"), "");
    }

    #[test]
    fn the_key_is_not_in_debug_output() {
        let settings = LlmSettings {
            base_url: "https://x/v1".into(),
            api_key: "sk-secret".into(),
            model: "m".into(),
            timeout: Duration::from_secs(1),
            stall: Duration::from_secs(1),
        };
        assert!(!format!("{settings:?}").contains("sk-secret"));
    }
}
