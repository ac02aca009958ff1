//! Parse, don't validate: a task's title, description and tags as the service accepts them. The
//! tag rule is written once here and read by quick add, the edit form, the agent and MCP alike.
//! Pure code, also compiled for the browser.
use serde::{Deserialize, Serialize};

use super::{Due, Priority};
use crate::error::{AppError, Fields};

pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const MAX_TAGS: usize = 10;
pub const TAG_MAX_CHARS: usize = 30;

/// A title: whitespace collapsed, 1–200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub fn parse(raw: &str) -> Result<TaskTitle, String> {
        let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err("Give the task a title.".into());
        }
        if title.chars().count() > TITLE_MAX_CHARS {
            return Err(format!(
                "Keep the title to {TITLE_MAX_CHARS} characters or fewer."
            ));
        }
        Ok(TaskTitle(title))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A description: trimmed, at most 5,000 characters (empty is fine).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    pub fn parse(raw: &str) -> Result<Description, String> {
        let text = raw.trim();
        if text.chars().count() > DESCRIPTION_MAX_CHARS {
            return Err(format!(
                "Keep the description to {DESCRIPTION_MAX_CHARS} characters or fewer."
            ));
        }
        Ok(Description(text.to_owned()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Why a tag was refused (the sentence is written where it is shown, so the browser's quick-add
/// preview, which only needs the verdict, carries no messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadTag {
    TooLong(String),
    OtherCharacters(String),
}

impl BadTag {
    fn sentence(&self) -> String {
        match self {
            BadTag::TooLong(tag) => format!(
                "Keep each tag to {TAG_MAX_CHARS} characters or fewer (\"{tag}\" is longer)."
            ),
            BadTag::OtherCharacters(tag) => format!(
                "Tags can have letters, digits, - and _ only (\"{tag}\" has other characters)."
            ),
        }
    }
}

/// One tag: a leading '#' dropped, lower-cased; letters, digits, '-' and '_', 1–30 characters.
/// `Ok(None)` for an empty one (nothing to add).
pub fn parse_tag(raw: &str) -> Result<Option<String>, BadTag> {
    let tag = raw.trim().trim_start_matches('#').to_lowercase();
    if tag.is_empty() {
        return Ok(None);
    }
    if tag.chars().count() > TAG_MAX_CHARS {
        return Err(BadTag::TooLong(tag));
    }
    if !tag
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(BadTag::OtherCharacters(tag));
    }
    Ok(Some(tag))
}

/// A task's tags: each as `parse_tag` says, duplicates dropped, at most 10.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

impl Tags {
    pub fn parse(raw: &[String]) -> Result<Tags, String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in raw {
            if let Some(tag) = parse_tag(tag).map_err(|bad| bad.sentence())? {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(format!("Use at most {MAX_TAGS} tags."));
        }
        Ok(Tags(tags))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// "work, home #errands" → ["work", "home", "errands"]: how the edit form and tool arguments
/// write several tags in one text.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .map(|t| t.trim().trim_start_matches('#').to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// A new task as typed, before parsing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDraft {
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub due: Option<Due>,
    pub tags: Vec<String>,
}

/// A new task the service accepts: every part parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTask {
    pub title: TaskTitle,
    pub description: Description,
    pub priority: Priority,
    pub due: Option<Due>,
    pub tags: Tags,
}

impl TaskDraft {
    /// The task, or every field's problem at once.
    pub fn parse(self) -> Result<NewTask, AppError> {
        let mut fields = Fields::default();
        let title = fields.check("title", TaskTitle::parse(&self.title));
        let description = fields.check("description", Description::parse(&self.description));
        let tags = fields.check("tags", Tags::parse(&self.tags));
        fields.finish()?;
        match (title, description, tags) {
            (Some(title), Some(description), Some(tags)) => Ok(NewTask {
                title,
                description,
                priority: self.priority,
                due: self.due,
                tags,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// A change to a task as asked for, before parsing: only the fields that are `Some` change.
/// `due: Some(None)` clears the date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatchDraft {
    pub title: Option<String>,
    pub description: Option<String>,
    pub priority: Option<Priority>,
    pub due: Option<Option<Due>>,
    pub tags: Option<Vec<String>>,
    pub completed: Option<bool>,
}

/// A change the service accepts: every given part parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskPatch {
    pub title: Option<TaskTitle>,
    pub description: Option<Description>,
    pub priority: Option<Priority>,
    pub due: Option<Option<Due>>,
    pub tags: Option<Tags>,
    pub completed: Option<bool>,
}

impl TaskPatch {
    pub fn is_empty(&self) -> bool {
        *self == TaskPatch::default()
    }
}

impl PatchDraft {
    /// The change, or every field's problem at once.
    pub fn parse(self) -> Result<TaskPatch, AppError> {
        let mut fields = Fields::default();
        let title = self
            .title
            .map(|t| fields.check("title", TaskTitle::parse(&t)));
        let description = self
            .description
            .map(|d| fields.check("description", Description::parse(&d)));
        let tags = self.tags.map(|t| fields.check("tags", Tags::parse(&t)));
        fields.finish()?;
        Ok(TaskPatch {
            title: title.flatten(),
            description: description.flatten(),
            priority: self.priority,
            due: self.due,
            tags: tags.flatten(),
            completed: self.completed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_collapse_whitespace_and_are_bounded() {
        assert_eq!(
            TaskTitle::parse("  Pay   the\trent ").unwrap().into_inner(),
            "Pay the rent"
        );
        assert!(TaskTitle::parse("   ").is_err());
        assert!(TaskTitle::parse(&"a".repeat(TITLE_MAX_CHARS)).is_ok());
        assert!(TaskTitle::parse(&"a".repeat(TITLE_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn tags_are_normalized_deduplicated_and_bounded() {
        let tags = Tags::parse(&["#Work".into(), " home ".into(), "work".into(), "".into()]);
        assert_eq!(tags.unwrap().as_slice(), ["work", "home"]);
        assert!(Tags::parse(&["a,b".into()]).is_err());
        assert!(Tags::parse(&["x".repeat(TAG_MAX_CHARS + 1)]).is_err());
        let eleven: Vec<String> = (0..=MAX_TAGS).map(|n| format!("t{n}")).collect();
        assert!(Tags::parse(&eleven).is_err());
    }

    #[test]
    fn a_draft_reports_every_bad_field_at_once() {
        let err = TaskDraft {
            title: " ".into(),
            description: "x".repeat(DESCRIPTION_MAX_CHARS + 1),
            tags: vec!["bad tag!".into()],
            ..TaskDraft::default()
        }
        .parse()
        .unwrap_err();
        for field in ["title", "description", "tags"] {
            assert!(err.field_message(field).is_some(), "{field}: {err:?}");
        }
    }
}
