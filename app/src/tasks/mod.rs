//! Tasks: what a task is (`model`, `due`), the rules for its parts (`validate`), the quick-add and
//! date language (`hints`), the one task service (validation, ownership, queries) that the UI,
//! the dashboard, the chat agent and MCP all call, the task tools those agents use (`tools`), its
//! server functions, the list's URL (`url`) and its views.
pub mod api;
pub mod due;
#[cfg(feature = "ssr")]
pub mod export;
pub mod hints;
#[cfg(feature = "ssr")]
pub mod matching;
pub mod model;
pub mod row;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tools;
pub mod url;
pub mod validate;
pub mod view;
pub mod wire;

pub use due::{format_due, is_due_today, is_overdue, write_due, Due};
pub use model::{
    DueWindow, Priority, SortKey, StatusFilter, Task, TaskPage, TaskQuery, UnknownName, COUNT_CAP,
    DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE,
};

/// Bumped when tasks change outside the task list (the chat agent), so the list and the dashboard
/// fetch again. Provided once by the app.
#[derive(Clone, Copy, Debug)]
pub struct TasksChanged(pub leptos::prelude::RwSignal<u32>);
