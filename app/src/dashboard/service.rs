//! The dashboard's figures, each an SQL aggregate over one user's tasks: the database counts, we
//! never load every task. "Today", overdue and the chart's days are in the user's timezone; the
//! chart's day boundaries are turned into UTC instants first, so the stored UTC timestamps are
//! compared as they are and the (user_id, created_at) / (user_id, completed_at) indexes apply.
use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};
use sea_orm::sea_query::{
    Alias, Expr, Func, IntoCondition, NullOrdering, Order, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QueryResult, QuerySelect,
};
use uuid::Uuid;

use super::{
    Counts, Dashboard, DayCount, PriorityCounts, UpcomingTask, CHART_DAYS, SOON_DAYS,
    UPCOMING_LIMIT,
};
use crate::db::task::{self, Column};
use crate::error::AppError;
use crate::tasks::service::{local_midnight_utc, status_condition};
use crate::tasks::{is_overdue, Due, Priority, StatusFilter};

/// The dashboard of `user_id` at the local wall-clock time `now` in `timezone`.
pub async fn dashboard(
    db: &DatabaseConnection,
    user_id: Uuid,
    timezone: &str,
    now: NaiveDateTime,
) -> Result<Dashboard, AppError> {
    // Independent reads: run them side by side on the pool.
    let (counts, by_priority, days, upcoming) = tokio::try_join!(
        counts(db, user_id, now),
        by_priority(db, user_id),
        day_counts(db, user_id, timezone, now.date()),
        upcoming(db, user_id, now),
    )?;
    Ok(Dashboard {
        today: now.date(),
        counts,
        by_priority,
        days,
        upcoming,
    })
}

/// SUM(CASE WHEN cond THEN 1 ELSE 0 END): how many rows of one scan match `cond`.
fn count_if(cond: impl IntoCondition) -> Expr {
    Func::sum(Expr::case(cond, 1).finally(0)).into()
}

/// A count column of `row`; SUM over no rows is NULL, which means 0.
fn read_count(row: &QueryResult, alias: &str) -> Result<u64, AppError> {
    let value: Option<i64> = row.try_get("", alias)?;
    Ok(value.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

fn open() -> Expr {
    Column::Completed.eq(false)
}

/// `COUNT(*)` of the user's tasks matching `cond`. `COUNT(*)`, not `COUNT(id)`: the id is not in
/// the secondary indexes, so counting it would read every row.
async fn count_where(
    db: &DatabaseConnection,
    user_id: Uuid,
    cond: Condition,
) -> Result<u64, AppError> {
    let query = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from(task::Entity)
        .and_where(Column::UserId.eq(user_id))
        .cond_where(cond)
        .to_owned();
    let row = db.query_one(&query).await?.ok_or(AppError::Internal)?;
    read_count(&row, "n")
}

/// The headline counts. Each is its own `COUNT(*)` whose condition is a range of one index
/// ((user_id, completed, due_date) or a covering one), instead of one conditional sum that reads
/// every row of the user's tasks.
async fn counts(
    db: &DatabaseConnection,
    user_id: Uuid,
    now: NaiveDateTime,
) -> Result<Counts, AppError> {
    let today = now.date();
    let soon_end = today
        .checked_add_days(Days::new(SOON_DAYS))
        .ok_or(AppError::Internal)?;
    let due_soon = Condition::all()
        .add(open())
        .add(Column::DueDate.gt(today))
        .add(Column::DueDate.lte(soon_end));
    let total = count_where(db, user_id, Condition::all()).await?;
    let completed = count_where(
        db,
        user_id,
        Condition::all().add(Column::Completed.eq(true)),
    )
    .await?;
    let overdue = count_where(db, user_id, status_condition(StatusFilter::Overdue, now)).await?;
    let due_today = count_where(db, user_id, status_condition(StatusFilter::Today, now)).await?;
    let due_soon = count_where(db, user_id, due_soon).await?;
    Ok(Counts {
        total,
        active: total.saturating_sub(completed),
        completed,
        overdue,
        due_today,
        due_soon,
        completion_rate: if total == 0 {
            0.0
        } else {
            completed as f64 / total as f64
        },
    })
}

fn priority_of(stored: i16) -> Option<Priority> {
    match stored {
        0 => Some(Priority::None),
        1 => Some(Priority::Low),
        2 => Some(Priority::Medium),
        3 => Some(Priority::High),
        _ => None,
    }
}

/// Open tasks per priority (GROUP BY priority).
async fn by_priority(db: &DatabaseConnection, user_id: Uuid) -> Result<PriorityCounts, AppError> {
    let query = Query::select()
        .column(Column::Priority)
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from(task::Entity)
        .and_where(Column::UserId.eq(user_id))
        .and_where(open())
        .group_by_col(Column::Priority)
        .to_owned();
    let mut counts = PriorityCounts::default();
    for row in db.query_all(&query).await? {
        let stored: i16 = row.try_get("", "priority")?;
        let n = read_count(&row, "n")?;
        match priority_of(stored) {
            Some(priority) => counts.add(priority, n),
            // A value no migration writes: leave it out rather than fail the page.
            None => tracing::warn!(stored, "task with an unknown priority"),
        }
    }
    Ok(counts)
}

/// The chart's days (oldest first) and the UTC instants where each begins, plus the end of today:
/// `CHART_DAYS + 1` boundaries, so day i runs from `bounds[i]` to `bounds[i + 1]`.
fn chart_bounds(
    timezone: &str,
    today: NaiveDate,
) -> Result<(Vec<NaiveDate>, Vec<DateTime<Utc>>), AppError> {
    let first = today
        .checked_sub_days(Days::new(CHART_DAYS as u64 - 1))
        .ok_or(AppError::Internal)?;
    let dates = (0..=CHART_DAYS as u64)
        .map(|i| first.checked_add_days(Days::new(i)))
        .collect::<Option<Vec<_>>>()
        .ok_or(AppError::Internal)?;
    let bounds = dates
        .iter()
        .map(|d| local_midnight_utc(timezone, *d))
        .collect();
    Ok((dates.into_iter().take(CHART_DAYS).collect(), bounds))
}

fn within(col: Column, from: DateTime<Utc>, to: DateTime<Utc>) -> Condition {
    Condition::all().add(col.gte(from)).add(col.lt(to))
}

/// One row with `created_i` and `completed_i` for each day i between consecutive `bounds`.
fn chart_query(user_id: Uuid, bounds: &[DateTime<Utc>]) -> Result<SelectStatement, AppError> {
    let (Some(&start), Some(&end)) = (bounds.first(), bounds.last()) else {
        return Err(AppError::Internal);
    };
    let mut query = Query::select();
    for (i, (from, to)) in bounds.iter().zip(bounds.iter().skip(1)).enumerate() {
        query
            .expr_as(
                count_if(within(Column::CreatedAt, *from, *to)),
                Alias::new(format!("created_{i}")),
            )
            .expr_as(
                count_if(within(Column::CompletedAt, *from, *to)),
                Alias::new(format!("completed_{i}")),
            );
    }
    // Each OR branch names the user and one timestamp range, so each can use its own index.
    let in_window = |col: Column| within(col, start, end).add(Column::UserId.eq(user_id));
    query.from(task::Entity).cond_where(
        Condition::any()
            .add(in_window(Column::CreatedAt))
            .add(in_window(Column::CompletedAt)),
    );
    Ok(query)
}

/// Tasks created and completed per local day over the chart's window, in one query.
async fn day_counts(
    db: &DatabaseConnection,
    user_id: Uuid,
    timezone: &str,
    today: NaiveDate,
) -> Result<Vec<DayCount>, AppError> {
    let (dates, bounds) = chart_bounds(timezone, today)?;
    let query = chart_query(user_id, &bounds)?;
    let row = db.query_one(&query).await?.ok_or(AppError::Internal)?;
    dates
        .into_iter()
        .enumerate()
        .map(|(i, date)| {
            Ok(DayCount {
                date,
                created: read_count(&row, &format!("created_{i}"))?,
                completed: read_count(&row, &format!("completed_{i}"))?,
            })
        })
        .collect()
}

/// The next open tasks due today or later: by date, timed ones first within a day, then number.
async fn upcoming(
    db: &DatabaseConnection,
    user_id: Uuid,
    now: NaiveDateTime,
) -> Result<Vec<UpcomingTask>, AppError> {
    let rows = task::Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(open())
        .filter(Column::DueDate.gte(now.date()))
        // The task list's order (all-day first within a day), read from idx_task_user_due_order.
        .order_by_with_nulls(Column::DueDate, Order::Asc, NullOrdering::First)
        .order_by_with_nulls(Column::DueTime, Order::Asc, NullOrdering::First)
        .order_by_asc(Column::Number)
        .limit(UPCOMING_LIMIT)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            let due = Due {
                date: m.due_date?,
                time: m.due_time,
            };
            Some(UpcomingTask {
                overdue: is_overdue(m.completed, Some(due), now),
                number: m.number,
                title: m.title,
                priority: m.priority,
                due,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn chart_bounds_follow_local_midnights_across_a_dst_change() {
        // New York leaves DST on Sun 1 Nov 2026: that day lasts 25 hours.
        let today = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        let (dates, bounds) = chart_bounds("America/New_York", today).unwrap();
        assert_eq!(dates.len(), CHART_DAYS);
        assert_eq!(bounds.len(), CHART_DAYS + 1);
        assert_eq!(dates[0], NaiveDate::from_ymd_opt(2026, 10, 23).unwrap());
        assert_eq!(dates[13], today);
        assert_eq!(
            bounds[0],
            Utc.with_ymd_and_hms(2026, 10, 23, 4, 0, 0).unwrap()
        );
        assert_eq!(
            bounds[14],
            Utc.with_ymd_and_hms(2026, 11, 6, 5, 0, 0).unwrap()
        );
        let nov1 = dates
            .iter()
            .position(|d| d.to_string() == "2026-11-01")
            .unwrap();
        assert_eq!((bounds[nov1 + 1] - bounds[nov1]).num_hours(), 25);
    }

    #[test]
    fn stored_priorities_map_back() {
        assert_eq!(priority_of(0), Some(Priority::None));
        assert_eq!(priority_of(3), Some(Priority::High));
        assert_eq!(priority_of(9), None);
    }
}
