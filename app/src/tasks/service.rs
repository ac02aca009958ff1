//! The task service: every rule about stored tasks lives here once (ownership, numbering, filters,
//! sorting, pagination); it takes only parsed input (`validate`). Server functions, the dashboard,
//! the chat agent and MCP call it.
//! Every query is scoped by the caller's user id: another user's task behaves like a missing one.
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Order};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement, TransactionTrait,
};
use uuid::Uuid;

use super::validate::{NewTask, TaskDraft, TaskPatch};
use super::{is_due_today, is_overdue, Due, Priority, Task};
use super::{
    DueWindow, SortKey, StatusFilter, TaskPage, TaskQuery, COUNT_CAP, DEFAULT_PER_PAGE, MAX_PAGE,
    MAX_PER_PAGE,
};
use crate::db::task;
use crate::error::{AppError, OnConflict};

fn tags_to_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".to_owned())
}

fn tags_from_json(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The stored row as the UI sees it, with "late" computed at `now` (the owner's local time).
pub fn to_task(model: task::Model, now: NaiveDateTime) -> Task {
    let due = model.due_date.map(|date| Due {
        date,
        time: model.due_time,
    });
    Task {
        overdue: is_overdue(model.completed, due, now),
        due_today: is_due_today(model.completed, due, now.date()),
        id: model.id,
        number: model.number,
        tags: tags_from_json(&model.tags),
        title: model.title,
        description: model.description,
        completed: model.completed,
        priority: Priority::from_stored(model.priority),
        due,
        created_at: model.created_at,
        updated_at: model.updated_at,
        completed_at: model.completed_at,
    }
}

/// The row of a new, open task made at `stamp`.
fn new_row(
    id: Uuid,
    user_id: Uuid,
    number: i64,
    input: NewTask,
    stamp: chrono::DateTime<Utc>,
) -> task::ActiveModel {
    task::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        number: Set(number),
        title: Set(input.title.into_inner()),
        description: Set(input.description.into_inner()),
        completed: Set(false),
        priority: Set(input.priority.stored()),
        due_date: Set(input.due.map(|d| d.date)),
        due_time: Set(input.due.and_then(|d| d.time)),
        tags: Set(tags_to_json(input.tags.as_slice())),
        created_at: Set(stamp),
        updated_at: Set(stamp),
        completed_at: Set(None),
    }
}

/// Creates a task with the user's next number. The counter lives on the user row and is bumped
/// in the same transaction, so concurrent adds get distinct numbers and a deleted number never
/// comes back.
pub async fn create(
    db: &DatabaseConnection,
    user_id: Uuid,
    input: NewTask,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("UPDATE \"user\" SET task_counter = task_counter + 1 WHERE id = {placeholder} RETURNING task_counter"),
            [user_id.into()],
        ))
        .await?
        .ok_or(AppError::Unauthorized)?;
    let number: i64 = row.try_get("", "task_counter")?;
    let stamp = Utc::now();
    let model = new_row(Uuid::new_v4(), user_id, number, input, stamp)
        .insert(&txn)
        .await?;
    txn.commit().await?;
    Ok(to_task(model, now))
}

async fn find_model(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    id: Uuid,
) -> Result<task::Model, AppError> {
    task::Entity::find_by_id(id)
        .filter(task::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("That task".into()))
}

/// Task #`number` of this user ("task 3", "#3").
pub async fn get_by_number(
    db: &DatabaseConnection,
    user_id: Uuid,
    number: i64,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    task::Entity::find()
        .filter(task::Column::UserId.eq(user_id))
        .filter(task::Column::Number.eq(number))
        .one(db)
        .await?
        .map(|m| to_task(m, now))
        .ok_or_else(|| AppError::NotFound(format!("Task #{number}")))
}

/// Applies `patch` to the user's task `id`.
pub async fn update(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
    patch: TaskPatch,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    let current = find_model(db, user_id, id).await?;
    let was_completed = current.completed;
    let mut model: task::ActiveModel = current.into();
    if let Some(title) = patch.title {
        model.title = Set(title.into_inner());
    }
    if let Some(description) = patch.description {
        model.description = Set(description.into_inner());
    }
    if let Some(tags) = patch.tags {
        model.tags = Set(tags_to_json(tags.as_slice()));
    }
    if let Some(priority) = patch.priority {
        model.priority = Set(priority.stored());
    }
    if let Some(due) = patch.due {
        model.due_date = Set(due.map(|d| d.date));
        model.due_time = Set(due.and_then(|d| d.time));
    }
    if let Some(completed) = patch.completed {
        if completed != was_completed {
            model.completed = Set(completed);
            model.completed_at = Set(completed.then(Utc::now));
        }
    }
    model.updated_at = Set(Utc::now());
    Ok(to_task(model.update(db).await?, now))
}

pub async fn set_completed(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
    completed: bool,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    let patch = TaskPatch {
        completed: Some(completed),
        ..TaskPatch::default()
    };
    update(db, user_id, id, patch, now).await
}

/// Deletes the task and returns it, so the UI can offer "Undo".
pub async fn delete(
    db: &DatabaseConnection,
    user_id: Uuid,
    id: Uuid,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    let model = find_model(db, user_id, id).await?;
    task::Entity::delete_by_id(model.id)
        .filter(task::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(to_task(model, now))
}

/// Puts a just-deleted task back with its id and number ("Undo").
pub async fn restore(
    db: &DatabaseConnection,
    user_id: Uuid,
    deleted: Task,
    now: NaiveDateTime,
) -> Result<Task, AppError> {
    let input = TaskDraft {
        title: deleted.title,
        description: deleted.description,
        priority: deleted.priority,
        due: deleted.due,
        tags: deleted.tags,
    }
    .parse()?;
    let model = task::ActiveModel {
        completed: Set(deleted.completed),
        updated_at: Set(Utc::now()),
        completed_at: Set(deleted.completed_at),
        ..new_row(
            deleted.id,
            user_id,
            deleted.number,
            input,
            deleted.created_at,
        )
    };
    let restored = model
        .insert(db)
        .await
        // A number or id that never belonged to this user fails its foreign key or uniqueness.
        .on_unique_violation(|| AppError::Conflict("That task was already restored.".into()))?;
    Ok(to_task(restored, now))
}

/// Escapes LIKE wildcards so a search for "50%" means those characters.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The rule behind each status filter (overdue: open and due on an earlier day, or earlier today
/// at a time already past — the SQL form of `is_overdue`). The dashboard counts with it too.
pub fn status_condition(status: StatusFilter, now: NaiveDateTime) -> Condition {
    let today = now.date();
    let open = task::Column::Completed.eq(false);
    match status {
        StatusFilter::All => Condition::all(),
        StatusFilter::Active => Condition::all().add(open),
        StatusFilter::Completed => Condition::all().add(task::Column::Completed.eq(true)),
        StatusFilter::Today => Condition::all()
            .add(open)
            .add(task::Column::DueDate.eq(today)),
        // The `due_date <= today` range is implied by the OR below, but stated on its own it lets
        // SQLite read (user_id, completed, due_date) as a range; with bound parameters it otherwise
        // picks another index and reads a table row per open task (BENCHMARKS.md, tasks step 4).
        StatusFilter::Overdue => Condition::all()
            .add(open)
            .add(task::Column::DueDate.lte(today))
            .add(
                Condition::any().add(task::Column::DueDate.lt(today)).add(
                    Condition::all()
                        .add(task::Column::DueDate.eq(today))
                        .add(task::Column::DueTime.is_not_null())
                        .add(task::Column::DueTime.lt(now.time())),
                ),
            ),
    }
}

/// The rule behind each due window, on the user's local `today`.
pub fn due_condition(window: DueWindow, today: NaiveDate) -> Condition {
    let days_to_sunday = u64::from(6 - today.weekday().num_days_from_monday());
    let sunday = today + Days::new(days_to_sunday);
    let between = |first: NaiveDate, last: NaiveDate| {
        Condition::all()
            .add(task::Column::DueDate.gte(first))
            .add(task::Column::DueDate.lte(last))
    };
    match window {
        DueWindow::Tomorrow => Condition::all().add(task::Column::DueDate.eq(today + Days::new(1))),
        DueWindow::ThisWeek => between(today, sunday),
        DueWindow::NextWeek => between(sunday + Days::new(1), sunday + Days::new(7)),
        DueWindow::None => Condition::all().add(task::Column::DueDate.is_null()),
    }
}

/// The user's tasks that match the query's filters (its order and page aside).
fn filtered(user_id: Uuid, query: &TaskQuery, now: NaiveDateTime) -> sea_orm::Select<task::Entity> {
    let mut select = task::Entity::find()
        .filter(task::Column::UserId.eq(user_id))
        .filter(status_condition(query.status, now));
    if let Some(priority) = query.priority {
        select = select.filter(task::Column::Priority.eq(priority));
    }
    if let Some(window) = query.due {
        select = select.filter(due_condition(window, now.date()));
    }
    if let Some(tag) = query
        .tag
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let tag = tag.trim_start_matches('#').to_lowercase();
        let pattern = like_pattern(&format!("\"{tag}\""));
        select =
            select.filter(Expr::col(task::Column::Tags).like(LikeExpr::new(pattern).escape('\\')));
    }
    if let Some(search) = query.search.as_deref() {
        select = select.filter(search_condition(search));
    }
    select
}

/// Every word of `search` in the title or the description, in any case and any form of the word
/// ("grocery" finds "Buy groceries"): each word is looked for by its stem.
fn search_condition(search: &str) -> Condition {
    let mut all = Condition::all();
    for word in super::matching::search_stems(search) {
        let pattern = like_pattern(&word);
        let like = |column| {
            Expr::expr(Func::lower(Expr::col(column)))
                .like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        all = all.add(
            Condition::any()
                .add(like(task::Column::Title))
                .add(like(task::Column::Description)),
        );
    }
    all
}

/// How many of the user's tasks match the query's filters, counted up to `COUNT_CAP`; and
/// whether there are more.
pub async fn count(
    db: &DatabaseConnection,
    user_id: Uuid,
    query: &TaskQuery,
    now: NaiveDateTime,
) -> Result<(u64, bool), AppError> {
    capped_count(db, filtered(user_id, query, now)).await
}

/// One page of the user's tasks, filtered and sorted; ties break by number so pages never
/// overlap or skip.
pub async fn list(
    db: &DatabaseConnection,
    user_id: Uuid,
    query: &TaskQuery,
    now: NaiveDateTime,
) -> Result<TaskPage, AppError> {
    let per_page = match query.per_page {
        0 => DEFAULT_PER_PAGE,
        n => Ord::min(n, MAX_PER_PAGE),
    };
    let select = filtered(user_id, query, now);
    let page = Ord::min(query.page, MAX_PAGE);
    let offset = page.saturating_mul(per_page);
    let (total, total_capped) = capped_count(db, select.clone()).await?;
    let rows = match query.sort {
        SortKey::Due => due_ordered_page(db, select, offset, per_page + 1).await?,
        other => {
            let ordered = match other {
                SortKey::Priority => select.order_by_desc(task::Column::Priority),
                SortKey::Created => select.order_by_desc(task::Column::CreatedAt),
                _ => select.order_by(Func::lower(Expr::col(task::Column::Title)), Order::Asc),
            };
            ordered
                .order_by_asc(task::Column::Number)
                .offset(offset)
                .limit(per_page + 1)
                .all(db)
                .await?
        }
    };
    let has_more = rows.len() as u64 > per_page;
    Ok(TaskPage {
        tasks: rows
            .into_iter()
            .take(per_page as usize)
            .map(|m| to_task(m, now))
            .collect(),
        total,
        total_capped,
        page,
        per_page,
        has_more,
    })
}

/// Counts up to `COUNT_CAP` matching tasks: an exact total for ordinary lists without reading
/// every row of a very large one (the page then says "10,000+").
pub async fn capped_count(
    db: &DatabaseConnection,
    select: sea_orm::Select<task::Entity>,
) -> Result<(u64, bool), AppError> {
    // A constant, not `id`: status and priority filters are answered from an index alone then
    // (selecting `id` cost SQLite a table lookup per match).
    let inner = select.select_only().expr(Expr::val(1)).limit(COUNT_CAP + 1);
    let inner = sea_orm::QueryTrait::into_query(inner);
    let statement = sea_orm::sea_query::Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(inner, sea_orm::sea_query::Alias::new("capped"))
        .to_owned();
    let row = db.query_one(&statement).await?.ok_or(AppError::Internal)?;
    let n = u64::try_from(row.try_get_by_index::<i64>(0)?).unwrap_or(0);
    Ok((Ord::min(n, COUNT_CAP), n > COUNT_CAP))
}

/// The default order: dated tasks by date (all-day first, then by time), then undated ones, ties
/// by number. Read as two index-ordered ranges (`idx_task_user_due_order`) instead of sorting
/// every task of the user, so the first page costs the same at 100 or 100,000 tasks.
async fn due_ordered_page(
    db: &DatabaseConnection,
    select: sea_orm::Select<task::Entity>,
    offset: u64,
    limit: u64,
) -> Result<Vec<task::Model>, AppError> {
    use sea_orm::sea_query::NullOrdering;
    let in_order = |s: sea_orm::Select<task::Entity>| {
        s.order_by_with_nulls(task::Column::DueDate, Order::Asc, NullOrdering::First)
            .order_by_with_nulls(task::Column::DueTime, Order::Asc, NullOrdering::First)
            .order_by_asc(task::Column::Number)
    };
    let dated = in_order(select.clone().filter(task::Column::DueDate.is_not_null()));
    let mut rows = dated.clone().offset(offset).limit(limit).all(db).await?;
    let have = rows.len() as u64;
    if have < limit {
        // The page reaches past the dated tasks: continue with the undated ones.
        let dated_total = if have > 0 || offset == 0 {
            offset + have
        } else {
            dated.count(db).await?
        };
        let undated = in_order(select.filter(task::Column::DueDate.is_null()))
            .offset(offset.saturating_sub(dated_total))
            .limit(limit - have)
            .all(db)
            .await?;
        rows.extend(undated);
    }
    Ok(rows)
}

/// Every task of the user, oldest number first (for export).
pub async fn export_all(
    db: &DatabaseConnection,
    user_id: Uuid,
    now: NaiveDateTime,
) -> Result<Vec<Task>, AppError> {
    Ok(task::Entity::find()
        .filter(task::Column::UserId.eq(user_id))
        .order_by_asc(task::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(|m| to_task(m, now))
        .collect())
}

/// Deletes every task of the user that matches `status` ("delete all completed") and says how
/// many went. The chat agent asks for confirmation before it calls this.
pub async fn delete_matching(
    db: &DatabaseConnection,
    user_id: Uuid,
    status: StatusFilter,
    now: NaiveDateTime,
) -> Result<u64, AppError> {
    let result = task::Entity::delete_many()
        .filter(task::Column::UserId.eq(user_id))
        .filter(status_condition(status, now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// How many of the user's tasks match `status`, counted up to `COUNT_CAP`.
pub async fn count_matching(
    db: &DatabaseConnection,
    user_id: Uuid,
    status: StatusFilter,
    now: NaiveDateTime,
) -> Result<u64, AppError> {
    let query = TaskQuery {
        status,
        ..TaskQuery::default()
    };
    Ok(count(db, user_id, &query, now).await?.0)
}
