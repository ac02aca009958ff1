//! The task tools every agent uses — the built-in agent, the LLM agent and the MCP endpoint: which
//! tools there are and their schemas (`schema`), their arguments (`args`), running them (`run`)
//! and what they say (`words`). A tool acts for the user its caller passes in (taken from the
//! session or the MCP token), never for anything named in its arguments, and every change goes
//! through the one task service.
pub mod args;
mod run;
pub mod schema;
pub mod words;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use args::{AddArgs, CountArgs, DeleteManyArgs, ListArgs, NextArgs, NumberArgs, UpdateArgs};
pub use run::run;
pub use schema::Tool;

use super::{format_due, Task};

/// How many tasks a list shows unless asked for more.
pub const DEFAULT_LIST_LIMIT: u64 = 20;

/// One call of a tool, as an agent asks for it. The JSON form (`{"name": …, "arguments": …}`) is
/// also how a call waiting for a yes is stored with a chat message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "name", content = "arguments", rename_all = "snake_case")]
pub enum ToolCall {
    AddTask(AddArgs),
    ListTasks(ListArgs),
    CountTasks(CountArgs),
    SuggestNext(NextArgs),
    CompleteTask(NumberArgs),
    ReopenTask(NumberArgs),
    UpdateTask(UpdateArgs),
    DeleteTask(NumberArgs),
    DeleteTasks(DeleteManyArgs),
}

impl ToolCall {
    /// Reads a call from a tool name and its JSON arguments (as a model or an MCP client sends
    /// them); the error is a sentence the model can act on.
    pub fn parse(name: &str, arguments: Value) -> Result<ToolCall, String> {
        if Tool::named(name).is_none() {
            return Err(format!("There is no tool called {name:?}."));
        }
        let arguments = match arguments {
            Value::Null => json!({}),
            other => other,
        };
        serde_json::from_value(json!({ "name": name, "arguments": arguments }))
            .map_err(|e| format!("The arguments for {name} are not valid: {e}."))
    }

    pub fn tool(&self) -> Tool {
        match self {
            ToolCall::AddTask(_) => Tool::AddTask,
            ToolCall::ListTasks(_) => Tool::ListTasks,
            ToolCall::CountTasks(_) => Tool::CountTasks,
            ToolCall::SuggestNext(_) => Tool::SuggestNext,
            ToolCall::CompleteTask(_) => Tool::CompleteTask,
            ToolCall::ReopenTask(_) => Tool::ReopenTask,
            ToolCall::UpdateTask(_) => Tool::UpdateTask,
            ToolCall::DeleteTask(_) => Tool::DeleteTask,
            ToolCall::DeleteTasks(_) => Tool::DeleteTasks,
        }
    }

    pub fn name(&self) -> &'static str {
        self.tool().name()
    }

    /// The arguments as compact JSON, fields in their declared order.
    pub fn arguments(&self) -> String {
        let json = match self {
            ToolCall::AddTask(a) => serde_json::to_string(a),
            ToolCall::ListTasks(a) => serde_json::to_string(a),
            ToolCall::CountTasks(a) => serde_json::to_string(a),
            ToolCall::SuggestNext(a) => serde_json::to_string(a),
            ToolCall::CompleteTask(a) | ToolCall::ReopenTask(a) | ToolCall::DeleteTask(a) => {
                serde_json::to_string(a)
            }
            ToolCall::UpdateTask(a) => serde_json::to_string(a),
            ToolCall::DeleteTasks(a) => serde_json::to_string(a),
        };
        json.unwrap_or_else(|_| "{}".into())
    }

    /// `add_task {"title":"Buy milk"}`: how cards and tests show a call.
    pub fn describe(&self) -> String {
        format!("{} {}", self.name(), self.arguments())
    }
}

/// What a tool did: a sentence for the user (and the model), the tasks it touched or listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolOutput {
    pub ok: bool,
    pub summary: String,
    pub tasks: Vec<Task>,
    /// True when tasks changed, so the list and dashboard beside the chat refresh.
    pub changed: bool,
}

impl ToolOutput {
    fn refused(summary: impl Into<String>) -> Self {
        ToolOutput {
            ok: false,
            summary: summary.into(),
            tasks: Vec::new(),
            changed: false,
        }
    }

    fn done(summary: String, tasks: Vec<Task>, changed: bool) -> Self {
        ToolOutput {
            ok: true,
            summary,
            tasks,
            changed,
        }
    }

    /// The result as a model reads it: the sentence plus the tasks as plain data.
    pub fn for_model(&self, today: NaiveDate) -> Value {
        let tasks: Vec<Value> = self
            .tasks
            .iter()
            .map(|t| {
                json!({
                    "number": t.number,
                    "title": t.title,
                    "completed": t.completed,
                    "priority": t.priority.as_str(),
                    "due": t.due.map(|d| format_due(d, today)),
                    "tags": t.tags,
                    "overdue": t.overdue,
                })
            })
            .collect();
        json!({ "ok": self.ok, "result": self.summary, "tasks": tasks })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_aux::serde_introspection::serde_introspect;

    /// The fields each tool's argument struct reads.
    fn fields_read(tool: Tool) -> &'static [&'static str] {
        match tool {
            Tool::AddTask => serde_introspect::<AddArgs>(),
            Tool::ListTasks => serde_introspect::<ListArgs>(),
            Tool::CountTasks => serde_introspect::<CountArgs>(),
            Tool::SuggestNext => serde_introspect::<NextArgs>(),
            Tool::CompleteTask | Tool::ReopenTask | Tool::DeleteTask => {
                serde_introspect::<NumberArgs>()
            }
            Tool::UpdateTask => serde_introspect::<UpdateArgs>(),
            Tool::DeleteTasks => serde_introspect::<DeleteManyArgs>(),
        }
    }

    fn names(value: &Value) -> Vec<String> {
        let mut names: Vec<String> = match value {
            Value::Object(map) => map.keys().cloned().collect(),
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        names.sort();
        names
    }

    #[test]
    fn every_schema_property_is_a_field_its_arguments_read_and_back() {
        for tool in Tool::ALL {
            let schema = tool.parameters();
            let mut fields: Vec<String> = fields_read(tool).iter().map(|f| f.to_string()).collect();
            fields.sort();
            assert_eq!(names(&schema["properties"]), fields, "{}", tool.name());
        }
    }

    /// Arguments with only the schema's required properties, each given a plausible value.
    fn required_only(schema: &Value) -> Value {
        let mut arguments = serde_json::Map::new();
        for name in names(&schema["required"]) {
            let property = &schema["properties"][&name];
            let value = match property["type"].as_str() {
                Some("integer") => json!(3),
                Some("boolean") => json!(true),
                _ => property["enum"]
                    .get(0)
                    .cloned()
                    .unwrap_or_else(|| json!("Buy milk")),
            };
            arguments.insert(name, value);
        }
        Value::Object(arguments)
    }

    #[test]
    fn every_tool_parses_by_its_name_from_its_required_arguments() {
        for tool in Tool::ALL {
            let call = ToolCall::parse(tool.name(), required_only(&tool.parameters()))
                .unwrap_or_else(|e| panic!("{}: {e}", tool.name()));
            assert_eq!(call.tool(), tool);
            assert_eq!(call.name(), tool.name());
        }
        assert_eq!(
            ToolCall::parse("fly_to_moon", Value::Null).unwrap_err(),
            "There is no tool called \"fly_to_moon\"."
        );
    }
}
