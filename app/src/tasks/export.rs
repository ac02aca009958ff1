//! Downloads of all the user's tasks as JSON and CSV (plain GET routes: they change nothing).
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::Task;
use crate::db::Db;
use crate::error::AppError;

async fn tasks_of(db: &Db, session: &Session) -> Result<Vec<Task>, AppError> {
    let user = crate::auth::api::session_user(db, session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    super::service::export_all(db.conn()?, user.id, user.local_now()).await
}

fn download(content_type: &str, filename: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn export_json(State(db): State<Db>, session: Session) -> Response {
    match tasks_of(&db, &session).await {
        Ok(tasks) => match serde_json::to_string_pretty(&tasks) {
            Ok(body) => download("application/json", "taskpilot-tasks.json", body),
            Err(_) => AppError::Internal.into_response(),
        },
        Err(err) => err.into_response(),
    }
}

pub async fn export_csv(State(db): State<Db>, session: Session) -> Response {
    match tasks_of(&db, &session).await {
        Ok(tasks) => download(
            "text/csv; charset=utf-8",
            "taskpilot-tasks.csv",
            to_csv(&tasks),
        ),
        Err(err) => err.into_response(),
    }
}

/// RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled. A leading
/// =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

pub fn to_csv(tasks: &[Task]) -> String {
    let mut out = String::from(
        "number,title,description,completed,priority,due,tags,created_at,completed_at\r\n",
    );
    for t in tasks {
        let due = t.due.map(|d| match d.time {
            Some(time) => format!("{} {}", d.date, time.format("%H:%M")),
            None => d.date.to_string(),
        });
        let row = [
            t.number.to_string(),
            csv_field(&t.title),
            csv_field(&t.description),
            t.completed.to_string(),
            t.priority.as_str().to_owned(),
            due.unwrap_or_default(),
            csv_field(&t.tags.join(" ")),
            t.created_at.to_rfc3339(),
            t.completed_at.map(|c| c.to_rfc3339()).unwrap_or_default(),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }
}
