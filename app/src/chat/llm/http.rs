//! One request to the model: sent, waited for within the timeout and the stall limit (and given
//! up at once when the user presses stop), its status turned into a sentence, its stream read.
use std::future::Future;

use futures::StreamExt;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::Value;
use tokio::time::{timeout_at, Instant};

use super::settings::{error_detail, LlmError};
use super::sse::SseReader;
use super::wire::{parse_chunk, Answer};
use super::{Failure, LlmAgent};
use crate::chat::agent::Reply;

impl LlmAgent {
    /// One request: its text streams to the pane as it arrives; tool calls are collected.
    pub(super) async fn complete(&self, body: &Value, out: &mut Reply) -> Result<Answer, Failure> {
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
            () = out.until_stopped() => Err(Failure::Stopped),
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
