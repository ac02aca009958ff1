//! What goes over the wire: the messages we send (system prompt, history, the user's words) and
//! the chunks that come back, read leniently, since providers leave out different fields
//! (Gemini's tool-call deltas have no `index`).
use serde::Deserialize;
use serde_json::{json, Value};

use super::settings::{error_detail, LlmError};
use crate::chat::agent::{Reply, Turn, TurnRecord};
use crate::db::message;
use crate::tasks::tools::ToolCall;

/// The system prompt, the stored history and the user's message, as OpenAI messages.
pub fn conversation(turn: &Turn<'_>) -> Vec<Value> {
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
pub struct Chunk {
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

pub fn parse_chunk(data: &[u8]) -> Result<Chunk, LlmError> {
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
pub struct Answer {
    pub text: String,
    pub calls: Vec<PendingCall>,
}

#[derive(Debug, Default)]
pub struct PendingCall {
    index: Option<usize>,
    pub id: String,
    name: String,
    arguments: String,
}

impl PendingCall {
    /// The call as a tool, or the sentence the model gets back instead.
    pub fn parse(&self) -> Result<ToolCall, String> {
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
    pub fn apply(&mut self, chunk: Chunk, out: &mut Reply) {
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
    pub fn assistant_message(&self) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
