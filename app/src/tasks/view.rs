//! The task list page: quick add with a live preview, filters in the URL, complete / edit /
//! delete (with undo), pagination and export. Every action is a form, so it all works with
//! JavaScript off; with it on, changes show at once and roll back with a message on refusal.
use std::sync::Arc;

use codee::binary::PostcardCodec;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::tachys::html::InertElement;
use leptos_router::hooks::use_query_map;

use super::api::{list_tasks, DeleteTask, QuickAdd, RestoreTask, ToggleTask, UpdateTask};
use super::hints::{parse_quick_add, QuickAdd as Parsed};
use super::row::{
    delete_form, description, edit_link, list_html, meta_line, part, row_class, row_html,
    shown_rows, title_line, toggle_form,
};
use super::url::{query_from_params, query_to_url};
use super::{format_due, Priority, Task, TaskPage};
use super::{SortKey, StatusFilter, TaskQuery};
use crate::components::form::{action_error, dispatch_submit};
use crate::components::loaded;
use crate::error::AppError;

/// The browser's local time, for previews; on the server there is nothing to preview yet.
fn browser_now() -> chrono::NaiveDateTime {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), 0))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now().naive_utc()
    }
}

fn describe_preview(p: &Parsed, today: chrono::NaiveDate) -> String {
    let mut parts = vec![if p.title.is_empty() {
        "(no title yet)".to_owned()
    } else {
        format!("“{}”", p.title)
    }];
    if let Some(due) = p.due {
        parts.push(format!("due {}", format_due(due, today)));
    }
    if let Some(priority) = p.priority.filter(|p| *p != Priority::None) {
        parts.push(format!("{} priority", priority.as_str()));
    }
    for tag in &p.tags {
        parts.push(format!("#{tag}"));
    }
    parts.join(" · ")
}

/// The task list with its quick add, filters and pager. Shown to a signed-in user only: the
/// route that places it guards it (and puts the chat pane beside it).
#[component]
pub fn TaskList() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| query_from_params(&params.read()));
    // The row whose edit form the URL opens (`edit=<number>`): how "Edit" works without JavaScript,
    // and, after a refused plain form post, which row the error belongs to.
    let edit_param = Memo::new(move |_| {
        params
            .read()
            .get("edit")
            .and_then(|n| n.parse::<i64>().ok())
    });
    let add = ServerAction::<QuickAdd>::new();
    let toggle = ServerAction::<ToggleTask>::new();
    let update = ServerAction::<UpdateTask>::new();
    let delete = ServerAction::<DeleteTask>::new();
    let restore = ServerAction::<RestoreTask>::new();
    // An action's `input()`, `value()`, `version()` and `pending()` make a new signal on every
    // call, kept until the page goes away: each is made once here and only read in closures.
    let (adding, added, add_pending) = (add.input(), add.value(), add.pending());
    let (toggling, updating, updated) = (toggle.input(), update.input(), update.value());
    let (deleting, deleted, restored) = (delete.input(), delete.value(), restore.value());
    let versions = [
        add.version(),
        toggle.version(),
        delete.version(),
        restore.version(),
    ];
    // The row whose edit form is open (one at a time), starting with the one the URL names.
    let open_edit = RwSignal::new(edit_param.get_untracked());
    // Reload the list after a saved edit only: a refused one keeps the form as the user typed it.
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = updated.get() {
            open_edit.set(None);
            saved.update(|n| *n += 1);
        }
    });
    let changed_elsewhere = use_context::<super::TasksChanged>();
    // Embedded in the page for hydration as postcard, smaller and quicker to write than escaped
    // JSON (BENCHMARKS.md, tasks step 6). (Reloads still use the list server function.)
    // Shared (`Arc`): awaiting a resource clones its value, and the rows are only written out.
    // (`by_ref` would not clone, but a `Transition` does not wait for a resource read that way.)
    let tasks: Resource<Result<Arc<TaskPage>, AppError>, PostcardCodec> =
        Resource::new_with_options(
            move || {
                (
                    query.get(),
                    changed_elsewhere.map(|c| c.0.get()),
                    versions.map(|v| v.get()),
                    saved.get(),
                )
            },
            |(q, ..)| async move { list_tasks(q).await.map(Arc::new) },
            false,
        );

    // Quick add: what is typed, and what the shared parser makes of it.
    let text = RwSignal::new(String::new());
    let preview = move || {
        let t = text.get();
        (!t.trim().is_empty()).then(|| {
            let now = browser_now();
            describe_preview(&parse_quick_add(&t, now), now.date())
        })
    };
    Effect::new(move |_| {
        if matches!(added.get(), Some(Ok(_))) {
            text.set(String::new());
        }
    });
    let add_error = action_error(add);

    // Undo for the last delete, offered for a few seconds.
    let undo = RwSignal::new(None::<Task>);
    Effect::new(move |_| {
        if let Some(Ok(task)) = deleted.get() {
            let id = task.id;
            undo.set(Some(task));
            set_timeout(
                move || {
                    if undo.get_untracked().is_some_and(|t| t.id == id) {
                        undo.set(None);
                    }
                },
                std::time::Duration::from_secs(8),
            );
        }
    });
    Effect::new(move |_| {
        if matches!(restored.get(), Some(Ok(_))) {
            undo.set(None);
        }
    });

    // A refused change: the list was never changed, so saying why is the whole roll-back. An
    // edit refused for a field says so next to that field in its row instead (the row edited,
    // once hydrated; the row the URL opens after a plain form post).
    let edited = RwSignal::new(None::<uuid::Uuid>);
    Effect::new(move |_| {
        if let Some(input) = updating.get() {
            edited.set(Some(input.id));
        }
    });
    let update_error = action_error(update);
    let general_update_error = Signal::derive(move || {
        update_error.get().filter(|e| {
            (edited.get().is_none() && edit_param.get().is_none())
                || !matches!(e, AppError::Validation { fields, .. } if !fields.is_empty())
        })
    });
    let refusals = [
        action_error(toggle),
        general_update_error,
        action_error(delete),
        action_error(restore),
    ];
    let refusal = Signal::derive(move || refusals.iter().find_map(|e| e.get()));

    view! {
        <div class="tasks-page">
            <h1>"Tasks"</h1>
            <ActionForm action=add attr:class="quick-add" attr:novalidate="true">
                <label for="quick-add-text">"Add a task"</label>
                <div class="quick-add-row">
                    <input
                        id="quick-add-text"
                        name="text"
                        autocomplete="off"
                        placeholder="Pay rent tomorrow !high #home"
                        aria-describedby="quick-add-help quick-add-preview quick-add-error"
                        aria-invalid=move || add_error.get().is_some().then_some("true")
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button" disabled=move || add_pending.get()>
                        {move || if add_pending.get() { "Adding…" } else { "Add" }}
                    </button>
                </div>
                <p id="quick-add-help" class="hint">
                    "Type a title and press Enter. Hints: dates (tomorrow, fri 3pm, in 3 days, dec 5), !high / !medium / !low, #tags."
                </p>
                <p id="quick-add-preview" class="preview" aria-live="polite" data-testid="quick-add-preview">
                    {move || preview().map(|p| format!("Will add: {p}"))}
                </p>
                <p id="quick-add-error" class="field-error" role="alert">
                    {move || add_error.get().map(|e| e.to_string())}
                </p>
            </ActionForm>

            <Filters query/>

            <p class="form-error" role="alert" data-testid="task-error">
                {move || refusal.get().map(|e| format!("That change was not saved: {e}"))}
            </p>

            <Transition fallback=|| view! { <p class="muted">"Loading tasks…"</p> }>
                {move || Suspend::new(async move {
                    loaded(tasks.await.map(|page| {
                        let q = query.get_untracked();
                        let row = RowContext { toggle, update, delete, edited, edit_param, update_error };
                        let filtered = q.is_filtered();
                        // Optimistic: a task being added shows at once; one being deleted hides.
                        let adding = adding.get().map(|a| a.text);
                        let deleting = deleting.get().map(|d| d.id);
                        let toggling = toggling.get().map(|t| (t.id, t.completed));
                        view! {
                            {adding.map(|t| view! {
                                <p class="task pending" data-testid="task-pending">{format!("Adding “{t}”…")}</p>
                            })}
                            {if page.tasks.is_empty() {
                                if filtered {
                                    view! {
                                        <p class="empty">"No tasks match these filters. " <a href="/tasks">"Show all tasks"</a></p>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p class="empty">"No tasks yet. Type one above — for example “Call the bank tomorrow at 10 !high”."</p>
                                    }.into_any()
                                }
                            } else {
                                let list_url = query_to_url(&q);
                                let today = browser_now().date();
                                // Read here, so opening a row's form rebuilds it as a live row.
                                let open = open_edit.get();
                                // With no form open (always so on the server, unless the URL
                                // opens one) the list is one piece of markup; with one open,
                                // that row is a live view among the others.
                                let list = match open {
                                    None => InertElement::new(list_html(&page.tasks, deleting, toggling, &list_url, today)).into_any(),
                                    Some(open) => view! {
                                        <ul class="task-list" data-testid="task-list">
                                            {shown_rows(&page.tasks, deleting, toggling).map(|t| if t.number == open {
                                                open_row(t.into_owned(), &list_url, today, row).into_any()
                                            } else {
                                                InertElement::new(row_html(&t, &list_url, today)).into_any()
                                            }).collect_view()}
                                        </ul>
                                    }.into_any(),
                                };
                                // The rows' clicks and submits, handled in one place.
                                view! {
                                    <div
                                        on:click=move |ev| toggle_edit_on_click(&ev, open_edit)
                                        on:submit=move |ev| dispatch_row_form(ev, row)
                                    >
                                        {list}
                                    </div>
                                }.into_any()
                            }}
                            <Pager page=page.page per_page=page.per_page total=page.total capped=page.total_capped has_more=page.has_more query=q/>
                        }
                    }))
                })}
            </Transition>

            {move || undo.get().map(|task| {
                let label = format!("Deleted #{} “{}”.", task.number, task.title);
                view! {
                    <div class="toast" role="status" data-testid="undo-toast">
                        <span>{label}</span>
                        <button type="button" class="button secondary" on:click=move |_| {
                            restore.dispatch(RestoreTask { task: task.clone() });
                        }>"Undo"</button>
                    </div>
                }
            })}

            <p class="exports">
                "Export all tasks: " <a href="/tasks/export.json" download="">"JSON"</a> " · " <a href="/tasks/export.csv" download="">"CSV"</a>
            </p>
        </div>
    }
}

#[component]
fn Filters(query: Memo<TaskQuery>) -> impl IntoView {
    let tab = move |status: StatusFilter, label: &'static str| {
        let href = move || {
            query_to_url(&TaskQuery {
                status,
                page: 0,
                ..query.get()
            })
        };
        let current = move || query.with(|q| q.status == status).then_some("page");
        // A plain link (the router still handles its clicks): `<A>` marks every link whose path
        // is the current one as the current page, and all tabs share the path `/tasks`.
        view! { <a href=href aria-current=current class="tab">{label}</a> }
    };
    view! {
        <nav class="status-tabs" aria-label="Show">
            {tab(StatusFilter::All, "All")}
            {tab(StatusFilter::Active, "Active")}
            {tab(StatusFilter::Today, "Due today")}
            {tab(StatusFilter::Overdue, "Overdue")}
            {tab(StatusFilter::Completed, "Completed")}
        </nav>
        <form method="get" action="/tasks" class="filters" role="search">
            <input type="hidden" name="status" value=move || query.with(|q| q.status.as_str())/>
            <label>"Search "
                <input type="search" name="q" value=move || query.with(|q| q.search.clone().unwrap_or_default()) placeholder="words in title or description"/>
            </label>
            <label>"Priority "
                <select name="priority">
                    <option value="" selected=move || query.with(|q| q.priority.is_none())>"any"</option>
                    {Priority::ALL.into_iter().map(|p| view! {
                        <option value=p.as_str() selected=move || query.with(|q| q.priority == Some(p))>{p.as_str()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Tag "
                <input type="text" name="tag" size="10" value=move || query.with(|q| q.tag.clone().unwrap_or_default())/>
            </label>
            <label>"Sort by "
                <select name="sort">
                    {[(SortKey::Due, "due date"), (SortKey::Priority, "priority"), (SortKey::Created, "newest"), (SortKey::Title, "title")].into_iter().map(|(s, label)| view! {
                        <option value=s.as_str() selected=move || query.with(|q| q.sort == s)>{label}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button secondary">"Apply"</button>
        </form>
    }
}

#[component]
fn Pager(
    page: u64,
    per_page: u64,
    total: u64,
    capped: bool,
    has_more: bool,
    query: TaskQuery,
) -> impl IntoView {
    let first = page.saturating_mul(per_page).saturating_add(1);
    let last = page
        .saturating_mul(per_page)
        .saturating_add(per_page)
        .min(total);
    let prev = (page > 0).then(|| {
        query_to_url(&TaskQuery {
            page: page.saturating_sub(1),
            ..query.clone()
        })
    });
    let next = has_more.then(|| {
        query_to_url(&TaskQuery {
            page: page.saturating_add(1),
            ..query.clone()
        })
    });
    (total > 0).then(|| view! {
        <nav class="pager" aria-label="Pages">
            <span class="muted" data-testid="task-count">{format!("{first}–{last} of {total}{}", if capped { "+" } else { "" })}</span>
            // Plain links: `<A>` would mark them as the current page (they share its path).
            {prev.map(|href| view! { <a href=href>"← Previous"</a> })}
            {next.map(|href| view! { <a href=href>"Next →"</a> })}
        </nav>
    })
}

/// What the list's rows share: the actions, and which edit was refused.
#[derive(Clone, Copy)]
struct RowContext {
    toggle: ServerAction<ToggleTask>,
    update: ServerAction<UpdateTask>,
    delete: ServerAction<DeleteTask>,
    /// The task of the last edit sent from this page, if any.
    edited: RwSignal<Option<uuid::Uuid>>,
    /// The row the URL opens (`edit=<number>`): how "Edit" works without JavaScript.
    edit_param: Memo<Option<i64>>,
    update_error: Signal<Option<AppError>>,
}

/// A click on a row's "Edit" or "Close" link opens or closes its form in place (the rows are
/// plain markup, so the list listens for them), and keeps the keyboard where the user works.
fn toggle_edit_on_click(ev: &leptos::ev::MouseEvent, open_edit: RwSignal<Option<i64>>) {
    use leptos::wasm_bindgen::JsCast;
    let Some(number) = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|el| el.closest("[data-edit]").ok().flatten())
        .and_then(|link| link.get_attribute("data-edit"))
        .and_then(|n| n.parse::<i64>().ok())
    else {
        return;
    };
    ev.prevent_default();
    let opening = open_edit.get_untracked() != Some(number);
    open_edit.set(opening.then_some(number));
    // The row is rebuilt: focus its title field when it opens, its "Edit" link when it closes.
    request_animation_frame(move || {
        let selector = if opening {
            format!("#edit-title-{number}")
        } else {
            format!("[data-edit=\"{number}\"]")
        };
        if let Some(el) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// A row's complete or delete form, submitted with JavaScript on, becomes its action's input.
/// (The open edit form is an `<ActionForm>`, which has taken its submit by the time it gets here.)
fn dispatch_row_form(ev: leptos::ev::SubmitEvent, row: RowContext) {
    use leptos::wasm_bindgen::JsCast;
    if ev.default_prevented() {
        return;
    }
    let action = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|form| form.get_attribute("action"));
    match action.as_deref() {
        Some(url) if url == ToggleTask::url() => dispatch_submit(row.toggle, &ev),
        Some(url) if url == DeleteTask::url() => dispatch_submit(row.delete, &ev),
        _ => {}
    }
}

/// The row whose edit form is open: the same parts as every other row, and the live form.
fn open_row(
    task: Task,
    list_url: &str,
    today: chrono::NaiveDate,
    row: RowContext,
) -> impl IntoView {
    let (n, id, class) = (task.number, task.id, row_class(&task));
    // This row's refused edit: the one sent from this page, or after a plain form post, the one
    // the URL opens.
    let edit_error = Signal::derive(move || {
        let this_row = match row.edited.get() {
            Some(edited) => edited == id,
            None => row.edit_param.get() == Some(n),
        };
        this_row.then(|| row.update_error.get()).flatten()
    });
    let inert = |write: &dyn Fn(&mut String)| InertElement::new(part(write));
    let toggle = inert(&|out| toggle_form(out, &task));
    let title = inert(&|out| title_line(out, &task));
    let meta = inert(&|out| meta_line(out, &task, today));
    let details = (!task.description.is_empty()).then(|| inert(&|out| description(out, &task)));
    let close = inert(&|out| edit_link(out, &task, list_url, true));
    let delete = inert(&|out| delete_form(out, &task));
    view! {
        <li class=class data-testid="task" data-number=n>
            {toggle}
            <div class="task-main">
                {title}
                {meta}
                {details}
                {close}
                <EditForm task update=row.update edit_error/>
            </div>
            {delete}
        </li>
    }
}

/// A row's edit form; a field refused by the server says why next to that field.
#[component]
fn EditForm(
    task: Task,
    update: ServerAction<UpdateTask>,
    edit_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let n = task.number;
    let field_error = move |field: &'static str| {
        let error_id = format!("edit-{field}-{n}-error");
        view! {
            <p class="field-error" id=error_id role="alert">
                {move || edit_error.get().and_then(|e| e.field_message(field).map(str::to_owned))}
            </p>
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            edit_error
                .get()
                .is_some_and(|e| e.field_message(field).is_some())
                .then_some("true")
        }
    };
    let due_value = task
        .due
        .map(|d| match d.time {
            Some(t) => format!("{} {}", d.date, t.format("%H:%M")),
            None => d.date.to_string(),
        })
        .unwrap_or_default();
    let tags_value = task.tags.join(", ");
    let priority = task.priority;
    view! {
        <ActionForm action=update attr:class="edit-form">
            <input type="hidden" name="id" value=task.id.to_string()/>
            <label for=format!("edit-title-{n}")>"Title"</label>
            <input id=format!("edit-title-{n}") name="title" value=task.title required aria-invalid=invalid("title") aria-describedby=format!("edit-title-{n}-error")/>
            {field_error("title")}
            <label for=format!("edit-description-{n}")>"Description"</label>
            <textarea id=format!("edit-description-{n}") name="description" rows="3" aria-invalid=invalid("description") aria-describedby=format!("edit-description-{n}-error")>{task.description}</textarea>
            {field_error("description")}
            <label for=format!("edit-priority-{n}")>"Priority"</label>
            <select id=format!("edit-priority-{n}") name="priority">
                {Priority::ALL.into_iter().rev().map(|p| view! {
                    <option value=p.as_str() selected=priority == p>{p.as_str()}</option>
                }).collect_view()}
            </select>
            <label for=format!("edit-due-{n}")>"Due"</label>
            <input id=format!("edit-due-{n}") name="due" value=due_value placeholder="tomorrow 9am, dec 5, 2026-12-05" aria-invalid=invalid("due") aria-describedby=format!("edit-due-{n}-error")/>
            {field_error("due")}
            <label for=format!("edit-tags-{n}")>"Tags"</label>
            <input id=format!("edit-tags-{n}") name="tags" value=tags_value placeholder="work, home" aria-invalid=invalid("tags") aria-describedby=format!("edit-tags-{n}-error")/>
            {field_error("tags")}
            <button type="submit" class="button">"Save"</button>
        </ActionForm>
    }
}
