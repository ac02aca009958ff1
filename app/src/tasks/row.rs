//! A task's row in the list, written as HTML: built as Leptos views, the rows of a 200-task list
//! were most of the page's server time (BENCHMARKS.md, steps 5–7). The rows are plain markup
//! (forms that post, links), so they are written as text here, with every piece of user text
//! escaped, and shown as inert markup (the whole list as one `InertElement` while no edit form is
//! open); the list handles their clicks and submits in one place. The row whose edit form is open
//! is a live view built from the same parts.
use std::borrow::Cow;

use html_escape::{encode_double_quoted_attribute_to_string, encode_text_to_string};
use leptos::server_fn::ServerFn;
use uuid::Uuid;

use super::api::{DeleteTask, ToggleTask};
use super::{write_due, Priority, Task};
use crate::components::encode_query_value;

/// The row's classes: overdue and due-today rows stand out.
pub fn row_class(task: &Task) -> &'static str {
    match (task.completed, task.overdue, task.due_today) {
        (true, ..) => "task completed",
        (false, true, true) => "task overdue due-today",
        (false, true, false) => "task overdue",
        (false, false, true) => "task due-today",
        (false, false, false) => "task",
    }
}

fn text(out: &mut String, s: &str) {
    encode_text_to_string(s, out);
}

fn attr(out: &mut String, s: &str) {
    encode_double_quoted_attribute_to_string(s, out);
}

// Numbers and ids are written without `format!`: a list writes a few thousand of them.
fn number(out: &mut String, n: i64) {
    out.push_str(itoa::Buffer::new().format(n));
}

fn id(out: &mut String, task: &Task) {
    out.push_str(
        task.id
            .hyphenated()
            .encode_lower(&mut uuid::Uuid::encode_buffer()),
    );
}

/// `#12 “Pay rent”`, as an attribute value: how labels name a task to screen readers.
fn named(out: &mut String, task: &Task) {
    out.push('#');
    number(out, task.number);
    out.push_str(" “");
    attr(out, &task.title);
    out.push('”');
}

/// The check box: a form that posts the task's new state.
pub fn toggle_form(out: &mut String, task: &Task) {
    let (checked, toggle_to, mark) = if task.completed {
        ("true", "false", "not done")
    } else {
        ("false", "true", "done")
    };
    out.push_str(r#"<form action=""#);
    out.push_str(ToggleTask::url());
    out.push_str(r#"" method="post" class="inline-form"><input type="hidden" name="id" value=""#);
    id(out, task);
    out.push_str(r#""><input type="hidden" name="completed" value=""#);
    out.push_str(toggle_to);
    out.push_str(r#""><button type="submit" class="check" role="checkbox" aria-checked=""#);
    out.push_str(checked);
    out.push_str(r#"" aria-label="Mark "#);
    named(out, task);
    out.push_str(" as ");
    out.push_str(mark);
    out.push_str(r#"">"#);
    if task.completed {
        out.push('✓');
    }
    out.push_str("</button></form>");
}

/// `#12 Pay rent`.
pub fn title_line(out: &mut String, task: &Task) {
    out.push_str(r#"<p class="task-line"><span class="task-number">#"#);
    number(out, task.number);
    out.push_str(r#"</span> <span class="task-title" data-testid="task-title">"#);
    text(out, &task.title);
    out.push_str("</span></p>");
}

/// Due date, priority and tags (each tag links to the list of its tasks).
pub fn meta_line(out: &mut String, task: &Task, today: chrono::NaiveDate) {
    out.push_str(r#"<p class="task-meta">"#);
    if let Some(due) = task.due {
        let when = if task.overdue {
            "Overdue · "
        } else if task.due_today {
            "Today · "
        } else {
            ""
        };
        out.push_str(r#"<span class="due" data-testid="task-due">"#);
        out.push_str(when);
        write_due(out, due, today);
        out.push_str("</span>");
    }
    if task.priority != Priority::None {
        let p = task.priority.as_str();
        out.push_str(r#"<span class="priority priority-"#);
        out.push_str(p);
        out.push_str(r#"" data-testid="task-priority">"#);
        out.push_str(p);
        out.push_str(" priority</span>");
    }
    for tag in &task.tags {
        out.push_str(r#"<a class="tag" href="/tasks?tag="#);
        attr(out, &encode_query_value(tag));
        out.push_str(r#"">#"#);
        text(out, tag);
        out.push_str("</a>");
    }
    out.push_str("</p>");
}

/// The description, when there is one.
pub fn description(out: &mut String, task: &Task) {
    if !task.description.is_empty() {
        out.push_str(r#"<p class="task-description">"#);
        text(out, &task.description);
        out.push_str("</p>");
    }
}

/// The row's "Edit" link, or "Close" when its form is open: a link to the list with the form open
/// (or not), which is what it does with JavaScript off; with it on, the list opens it in place.
pub fn edit_link(out: &mut String, task: &Task, list_url: &str, open: bool) {
    out.push_str(r#"<a class="task-edit-toggle" href=""#);
    attr(out, list_url);
    if !open {
        out.push_str(if list_url.contains('?') { "&amp;" } else { "?" });
        out.push_str("edit=");
        number(out, task.number);
    }
    out.push_str(r#"" aria-expanded=""#);
    out.push_str(if open { "true" } else { "false" });
    out.push_str(r#"" data-edit=""#);
    number(out, task.number);
    out.push_str(r#"" aria-label="Edit "#);
    named(out, task);
    out.push_str(if open {
        r#"">Close</a>"#
    } else {
        r#"">Edit</a>"#
    });
}

/// The delete button: a form that posts the task's id.
pub fn delete_form(out: &mut String, task: &Task) {
    out.push_str(r#"<form action=""#);
    out.push_str(DeleteTask::url());
    out.push_str(r#"" method="post" class="inline-form"><input type="hidden" name="id" value=""#);
    id(out, task);
    out.push_str(r#""><button type="submit" class="linklike delete" aria-label="Delete "#);
    named(out, task);
    out.push_str(r#"">Delete</button></form>"#);
}

/// One part of a row on its own (for the row whose edit form is open).
pub fn part(write: &dyn Fn(&mut String)) -> String {
    let mut out = String::new();
    write(&mut out);
    out
}

/// Room for a typical row's markup, so that writing it rarely grows the string.
const ROW_BYTES: usize = 1400;

/// The whole row with its edit form closed.
pub fn row_html(task: &Task, list_url: &str, today: chrono::NaiveDate) -> String {
    let mut out = String::with_capacity(ROW_BYTES);
    write_row(&mut out, task, list_url, today);
    out
}

/// The rows as shown: a task being deleted is hidden, and one being ticked shows its new state
/// before the server answers.
pub fn shown_rows(
    tasks: &[Task],
    deleting: Option<Uuid>,
    toggling: Option<(Uuid, bool)>,
) -> impl Iterator<Item = Cow<'_, Task>> {
    tasks
        .iter()
        .filter(move |t| Some(t.id) != deleting)
        .map(move |t| match toggling {
            Some((id, completed)) if id == t.id => Cow::Owned(Task {
                completed,
                overdue: t.overdue && !completed,
                due_today: t.due_today && !completed,
                ..t.clone()
            }),
            _ => Cow::Borrowed(t),
        })
}

/// The whole list while no edit form is open, as one piece of markup (shown as an
/// `InertElement`).
pub fn list_html(
    tasks: &[Task],
    deleting: Option<Uuid>,
    toggling: Option<(Uuid, bool)>,
    list_url: &str,
    today: chrono::NaiveDate,
) -> String {
    let mut out = String::with_capacity(64 + ROW_BYTES * tasks.len());
    out.push_str(r#"<ul class="task-list" data-testid="task-list">"#);
    for task in shown_rows(tasks, deleting, toggling) {
        write_row(&mut out, &task, list_url, today);
    }
    out.push_str("</ul>");
    out
}

fn write_row(out: &mut String, task: &Task, list_url: &str, today: chrono::NaiveDate) {
    out.push_str(r#"<li class=""#);
    out.push_str(row_class(task));
    out.push_str(r#"" data-testid="task" data-number=""#);
    number(out, task.number);
    out.push_str(r#"">"#);
    toggle_form(out, task);
    out.push_str(r#"<div class="task-main">"#);
    title_line(out, task);
    meta_line(out, task, today);
    description(out, task);
    edit_link(out, task, list_url, false);
    out.push_str("</div>");
    delete_form(out, task);
    out.push_str("</li>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::Due;
    use chrono::NaiveDate;

    fn task() -> Task {
        Task {
            id: uuid::Uuid::nil(),
            number: 7,
            title: r#"Fix <b>"quotes"</b> & <script>alert(1)</script>"#.into(),
            description: "Line <i>one</i> & two".into(),
            completed: false,
            priority: Priority::High,
            due: Some(Due {
                date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                time: None,
            }),
            tags: vec!["home".into(), "a&b\"<x>".into()],
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
            completed_at: None,
            overdue: true,
            due_today: false,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn user_text_is_escaped_everywhere_it_appears() {
        let html = row_html(&task(), "/tasks?status=active", today());
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("<i>"), "{html}");
        // Quotes end an attribute, so they are escaped there (text may keep them).
        assert!(!html.contains("=\"quotes\""), "{html}");
        assert!(
            html.contains(r#"data-testid="task-title">Fix &lt;b&gt;"quotes"&lt;/b&gt; &amp;"#),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains(r#"aria-label="Delete #7 “Fix &lt;b&gt;&quot;quotes&quot;"#),
            "{html}"
        );
        assert!(
            html.contains("Line &lt;i&gt;one&lt;/i&gt; &amp; two"),
            "{html}"
        );
        // A tag's link is percent-encoded; its text is escaped.
        assert!(
            html.contains(r#"href="/tasks?tag=a%26b%22%3Cx%3E""#),
            "{html}"
        );
        assert!(html.contains("#a&amp;b\"&lt;x&gt;</a>"), "{html}");
    }

    #[test]
    fn row_says_what_state_the_task_is_in() {
        let html = row_html(&task(), "/tasks", today());
        assert!(html.starts_with(r#"<li class="task overdue" data-testid="task" data-number="7">"#));
        assert!(html.contains(r#"aria-checked="false""#));
        assert!(html.contains(r#"name="completed" value="true""#));
        assert!(html.contains("Overdue · Fri 20 Nov"), "{html}");
        assert!(html.contains(">high priority</span>"));
        assert!(html.contains(r#"href="/tasks?edit=7""#), "{html}");
        assert!(html.ends_with("</form></li>"));

        let done = Task {
            completed: true,
            overdue: false,
            ..task()
        };
        let html = row_html(&done, "/tasks?status=all", today());
        assert!(html.starts_with(r#"<li class="task completed""#));
        assert!(html.contains(r#"aria-checked="true""#));
        assert!(html.contains(r#"name="completed" value="false""#));
        assert!(html.contains("as not done\">✓</button>"), "{html}");
        assert!(
            html.contains(r#"href="/tasks?status=all&amp;edit=7""#),
            "{html}"
        );
    }

    #[test]
    fn a_list_is_one_element_holding_its_rows_in_order() {
        let second = Task {
            id: uuid::Uuid::from_u128(0xa1a2a3a4_b1b2_c1c2_d1d2_d3d4d5d6d7d8),
            number: 8,
            title: "Second".into(),
            ..task()
        };
        let html = list(vec![task(), second], None, None);
        assert!(html.starts_with(r#"<ul class="task-list" data-testid="task-list"><li "#));
        assert!(html.ends_with("</li></ul>"));
        assert_eq!(html.matches("<li ").count(), 2);
        let (first, rest) = html.split_once(r#"data-number="8""#).unwrap();
        assert!(first.contains(r#"data-number="7""#));
        assert!(
            rest.contains(r#"name="id" value="a1a2a3a4-b1b2-c1c2-d1d2-d3d4d5d6d7d8""#),
            "{rest}"
        );
    }

    /// The list as the page shows it.
    fn list(tasks: Vec<Task>, deleting: Option<Uuid>, toggling: Option<(Uuid, bool)>) -> String {
        let html = list_html(&tasks, deleting, toggling, "/tasks", today());
        use leptos::tachys::view::RenderHtml;
        leptos::tachys::html::InertElement::new(html).to_html()
    }

    #[test]
    fn a_row_being_deleted_is_hidden_and_one_being_ticked_shows_done() {
        let second = Task {
            id: Uuid::from_u128(8),
            number: 8,
            ..task()
        };
        let html = list(vec![task(), second], Some(task().id), None);
        assert_eq!(html.matches("<li ").count(), 1);
        assert!(html.contains(r#"data-number="8""#), "{html}");

        let html = list(vec![task()], None, Some((task().id, true)));
        assert!(html.contains(r#"<li class="task completed""#), "{html}");
        assert!(html.contains(r#"aria-checked="true""#), "{html}");
    }

    #[test]
    fn open_row_links_back_to_the_list() {
        let link = part(&|out| edit_link(out, &task(), "/tasks?q=a%20b", true));
        assert!(link.contains(r#"href="/tasks?q=a%20b""#), "{link}");
        assert!(link.contains(r#"aria-expanded="true""#));
        assert!(link.ends_with(">Close</a>"));
    }
}
