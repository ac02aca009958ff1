//! The task list's address: its filters live in the query string, so a view can be bookmarked,
//! reloaded and shared. Defaults are left out, so addresses stay short.
use leptos_router::params::ParamsMap;

use super::{SortKey, StatusFilter, TaskQuery};
use crate::components::encode_query_value;

/// The list's filters, read from the query (anything unreadable means its default).
pub fn query_from_params(params: &ParamsMap) -> TaskQuery {
    TaskQuery {
        status: parsed(params, "status").unwrap_or_default(),
        priority: parsed(params, "priority"),
        tag: text(params, "tag"),
        search: text(params, "q"),
        due: parsed(params, "due"),
        sort: parsed(params, "sort").unwrap_or_default(),
        page: parsed(params, "page").unwrap_or(0),
        per_page: parsed(params, "per").unwrap_or(0),
    }
}

/// The parameter's text, trimmed, unless it is empty.
fn text(params: &ParamsMap, key: &str) -> Option<String> {
    params
        .get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn parsed<T: std::str::FromStr>(params: &ParamsMap, key: &str) -> Option<T> {
    text(params, key).and_then(|v| v.parse().ok())
}

/// The address of the list with this query.
pub fn query_to_url(q: &TaskQuery) -> String {
    let mut parts = Vec::new();
    if q.status != StatusFilter::All {
        parts.push(format!("status={}", q.status.as_str()));
    }
    if let Some(p) = q.priority {
        parts.push(format!("priority={}", p.as_str()));
    }
    if let Some(t) = &q.tag {
        parts.push(format!("tag={}", encode_query_value(t)));
    }
    if let Some(s) = &q.search {
        parts.push(format!("q={}", encode_query_value(s)));
    }
    if let Some(due) = q.due {
        parts.push(format!("due={}", encode_query_value(due.as_str())));
    }
    if q.sort != SortKey::Due {
        parts.push(format!("sort={}", q.sort.as_str()));
    }
    if q.page > 0 {
        parts.push(format!("page={}", q.page));
    }
    if q.per_page > 0 {
        parts.push(format!("per={}", q.per_page));
    }
    if parts.is_empty() {
        "/tasks".to_owned()
    } else {
        format!("/tasks?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::{DueWindow, Priority};

    /// What the server's router hands the page for `url`: the query, percent-decoded.
    fn params_of(url: &str) -> ParamsMap {
        leptos_router::location::RequestUrl::new(url)
            .parse()
            .unwrap()
            .search_params()
            .clone()
    }

    #[test]
    fn every_query_survives_its_url() {
        let mut queries = vec![TaskQuery::default()];
        for status in StatusFilter::ALL {
            for sort in SortKey::ALL {
                queries.push(TaskQuery {
                    status,
                    sort,
                    ..TaskQuery::default()
                });
            }
        }
        for (priority, due) in Priority::ALL.into_iter().zip(DueWindow::ALL) {
            queries.push(TaskQuery {
                priority: Some(priority),
                due: Some(due),
                tag: Some("home-office".into()),
                search: Some("50% off & \"more\" / ünï".into()),
                page: 3,
                per_page: 200,
                ..TaskQuery::default()
            });
        }
        for query in queries {
            let url = query_to_url(&query);
            assert_eq!(query_from_params(&params_of(&url)), query, "{url}");
        }
    }

    #[test]
    fn defaults_stay_out_of_the_url_and_nonsense_reads_as_default() {
        assert_eq!(query_to_url(&TaskQuery::default()), "/tasks");
        let q = query_from_params(&params_of(
            "/tasks?status=soon&priority=urgent&sort=up&page=-1&per=x&q=%20%20",
        ));
        assert_eq!(q, TaskQuery::default());
    }
}
