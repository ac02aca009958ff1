//! The tool loop: ask the model, run the tools it asks for, give it the results, until it answers
//! in words or `MAX_TOOL_STEPS` answers have asked for tools.
use serde_json::json;

use super::settings::LlmError;
use super::wire::conversation;
use super::{Failure, LlmAgent};
use crate::chat::agent::{Reply, Turn};

/// Model answers that ask for tools, at most, per turn.
pub const MAX_TOOL_STEPS: usize = 5;
/// Tool calls run from one answer, at most; more get an error result.
const MAX_CALLS_PER_STEP: usize = 10;

impl LlmAgent {
    pub(super) async fn converse(&self, turn: &Turn<'_>, out: &mut Reply) -> Result<(), Failure> {
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
}
