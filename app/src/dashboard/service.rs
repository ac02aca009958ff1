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
use crate::auth::timezone::local_midnight_utc;
use crate::db::task::{self, Column};
use crate::db::task_stats;
use crate::error::AppError;
use crate::tasks::service::{capped_count, status_condition};
use crate::tasks::{is_overdue, Due, Priority, StatusFilter};

/// The dashboard of `user_id` at the local wall-clock time `now` in `timezone`.
pub async fn dashboard(
    db: &DatabaseConnection,
    user_id: Uuid,
    timezone: &str,
    now: NaiveDateTime,
) -> Result<Dashboard, AppError> {
    // Independent reads: run them side by side on the pool.
    let (stats, counts, days, upcoming) = tokio::try_join!(
        stats(db, user_id),
        dated_counts(db, user_id, now),
        day_counts(db, user_id, timezone, now.date()),
        upcoming(db, user_id, now),
    )?;
    let counts = Counts {
        total: stats.total,
        active: stats.total.saturating_sub(stats.completed),
        completed: stats.completed,
        completion_rate: if stats.total == 0 {
            0.0
        } else {
            stats.completed as f64 / stats.total as f64
        },
        ..counts
    };
    let by_priority = stats.open;
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

/// Total, completed and open-per-priority, from the counts the database keeps per user
/// (`task_stats`, maintained by triggers on every task write): one row, whatever the number of
/// tasks. A user without tasks has no row yet.
struct Stats {
    total: u64,
    completed: u64,
    open: PriorityCounts,
}

async fn stats(db: &DatabaseConnection, user_id: Uuid) -> Result<Stats, AppError> {
    let row = task_stats::Entity::find_by_id(user_id).one(db).await?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(match row {
        Some(r) => Stats {
            total: n(r.total),
            completed: n(r.completed),
            open: PriorityCounts {
                none: n(r.open_none),
                low: n(r.open_low),
                medium: n(r.open_medium),
                high: n(r.open_high),
            },
        },
        None => Stats {
            total: 0,
            completed: 0,
            open: PriorityCounts::default(),
        },
    })
}

/// The counts that depend on today: overdue, due today and due soon. Each is a range of the
/// (user_id, completed, due_date) index, counted up to `COUNT_CAP` (above it the page reads
/// "10,000+"), so a user with a huge backlog does not make the page slow.
async fn dated_counts(
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
    let count = |cond: Condition| async move {
        let select = task::Entity::find()
            .filter(Column::UserId.eq(user_id))
            .filter(cond);
        let (n, capped) = capped_count(db, select).await?;
        // One more than the cap says "more than COUNT_CAP".
        Ok::<u64, AppError>(if capped { n + 1 } else { n })
    };
    Ok(Counts {
        overdue: count(status_condition(StatusFilter::Overdue, now)).await?,
        due_today: count(status_condition(StatusFilter::Today, now)).await?,
        due_soon: count(due_soon).await?,
        ..Counts::default()
    })
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
                priority: Priority::from_stored(m.priority),
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
}
