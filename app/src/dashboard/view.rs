//! The dashboard page: headline counts, a 14-day SVG bar chart drawn here (no chart library) with
//! a table of the same numbers for screen readers, open tasks by priority and what is due next.
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::get_dashboard;
use super::{Counts, Dashboard, DayCount, PriorityCounts, UpcomingTask, SOON_DAYS};
use crate::auth::view::RequireUser;
use crate::components::{encode_query_value, loaded};
use crate::tasks::{format_due, Priority};

/// `/dashboard`: signed-out visitors are sent to the login page and brought back.
#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <Title text="Dashboard · taskpilot"/>
        <RequireUser>
            <DashboardContent/>
        </RequireUser>
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    let changed = use_context::<crate::tasks::TasksChanged>();
    let dashboard = Resource::new(move || changed.map(|c| c.0.get()), |_| get_dashboard());
    view! {
        <section class="dash-page" aria-labelledby="dash-heading" data-testid="dashboard">
            <h1 id="dash-heading">"Dashboard"</h1>
            <Transition fallback=|| view! { <p class="muted" data-testid="dash-loading">"Loading your dashboard…"</p> }>
                // A failed call is shown as a sentence.
                {move || Suspend::new(async move {
                    loaded(dashboard.await.map(|d| view! { <DashboardBody d/> }))
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DashboardBody(d: Dashboard) -> AnyView {
    if d.is_empty() {
        return view! {
            <p class="card dash-empty" data-testid="dash-empty">
                "No tasks yet — "<a href="/tasks">"add one on the Tasks page"</a>"."
            </p>
        }
        .into_any();
    }
    let today = d.today;
    view! {
        <StatTiles counts=d.counts/>
        <div class="dash-grid">
            <section class="card dash-card dash-chart-card" aria-labelledby="dash-chart-heading">
                <h2 id="dash-chart-heading">"Last 14 days"</h2>
                <DayChart days=d.days/>
            </section>
            <section class="card dash-card" aria-labelledby="dash-priority-heading">
                <h2 id="dash-priority-heading">"Open tasks by priority"</h2>
                <PriorityBars counts=d.by_priority/>
            </section>
            <section class="card dash-card" aria-labelledby="dash-upcoming-heading">
                <h2 id="dash-upcoming-heading">"Up next"</h2>
                <Upcoming tasks=d.upcoming today/>
            </section>
        </div>
    }
    .into_any()
}

/// One headline number; `href` opens the task list filtered the same way, where it has one.
struct Tile {
    key: &'static str,
    label: String,
    value: String,
    href: Option<&'static str>,
}

fn tiles(counts: &Counts) -> [Tile; 7] {
    let tile = |key, label: &str, value: u64, href| Tile {
        key,
        label: label.to_owned(),
        // Dated counts stop at COUNT_CAP; one more means "more than that".
        value: if value > crate::tasks::COUNT_CAP {
            format!("{}+", crate::tasks::COUNT_CAP)
        } else {
            value.to_string()
        },
        href,
    };
    [
        tile("total", "Total", counts.total, Some("/tasks")),
        tile(
            "active",
            "Active",
            counts.active,
            Some("/tasks?status=active"),
        ),
        tile(
            "completed",
            "Completed",
            counts.completed,
            Some("/tasks?status=completed"),
        ),
        tile(
            "overdue",
            "Overdue",
            counts.overdue,
            Some("/tasks?status=overdue"),
        ),
        tile(
            "today",
            "Due today",
            counts.due_today,
            Some("/tasks?status=today"),
        ),
        tile(
            "soon",
            &format!("Due in the next {SOON_DAYS} days"),
            counts.due_soon,
            None,
        ),
        Tile {
            key: "rate",
            label: "Completion rate".to_owned(),
            value: format!("{}%", counts.completion_percent()),
            href: None,
        },
    ]
}

#[component]
fn StatTiles(counts: Counts) -> AnyView {
    let late = counts.overdue > 0;
    view! {
        <dl class="dash-stats" data-testid="dash-stats">
            {tiles(&counts)
                .into_iter()
                .map(|t| {
                    let class = if t.key == "overdue" && late { "dash-stat dash-stat-alert" } else { "dash-stat" };
                    let value = match t.href {
                        Some(href) => view! { <a href=href>{t.value}</a> }.into_any(),
                        None => t.value.into_any(),
                    };
                    view! {
                        <div class=class>
                            <dt>{t.label}</dt>
                            <dd data-testid=format!("dash-{}", t.key)>{value}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

/// A y-axis that ends on a round number: the top and the distance between gridlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scale {
    top: u64,
    step: u64,
}

/// At most five gridline steps of 1, 2 or 5 × 10ⁿ; never shorter than 4, so a quiet fortnight
/// does not draw one task as a full-height bar.
fn nice_scale(max_value: u64) -> Scale {
    let target = max_value.max(4);
    let mut magnitude: u64 = 1;
    loop {
        for factor in [1, 2, 5] {
            let step = magnitude.saturating_mul(factor);
            if step.saturating_mul(5) >= target || step == u64::MAX {
                let top = target.div_ceil(step).saturating_mul(step);
                return Scale { top, step };
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

// The chart's drawing area, in viewBox units.
const CHART_W: f64 = 720.0;
const CHART_H: f64 = 260.0;
const PAD_LEFT: f64 = 44.0;
const PAD_RIGHT: f64 = 8.0;
const PAD_TOP: f64 = 12.0;
const PAD_BOTTOM: f64 = 44.0;

fn plot_height() -> f64 {
    CHART_H - PAD_TOP - PAD_BOTTOM
}

/// The y coordinate of `value` on `scale`.
fn y_of(value: u64, scale: Scale) -> f64 {
    let ratio = value as f64 / scale.top.max(1) as f64;
    PAD_TOP + plot_height() * (1.0 - ratio.min(1.0))
}

/// Coordinates as short, stable text (the server and the browser print the same).
fn n(value: f64) -> String {
    format!("{value:.1}")
}

fn day_label(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// What the chart shows, in one sentence for screen readers.
fn chart_summary(days: &[DayCount]) -> String {
    let created: u64 = days.iter().map(|d| d.created).sum();
    let completed: u64 = days.iter().map(|d| d.completed).sum();
    match (days.first(), days.last()) {
        (Some(first), Some(last)) => format!(
            "Bar chart of tasks created and completed per day from {} to {}: {created} created and {completed} completed in total. The table below lists each day.",
            day_label(first.date),
            day_label(last.date)
        ),
        _ => "Bar chart of tasks created and completed per day.".to_owned(),
    }
}

#[component]
fn DayChart(days: Vec<DayCount>) -> AnyView {
    let max = days
        .iter()
        .map(|d| d.created.max(d.completed))
        .max()
        .unwrap_or(0);
    let scale = nice_scale(max);
    let slot = (CHART_W - PAD_LEFT - PAD_RIGHT) / days.len().max(1) as f64;
    let bar = slot * 0.34;
    let gridlines = (0..=scale.top / scale.step.max(1))
        .map(|i| {
            let value = i.saturating_mul(scale.step);
            let y = n(y_of(value, scale));
            view! {
                <line class="dash-grid-line" x1=n(PAD_LEFT) x2=n(CHART_W - PAD_RIGHT) y1=y.clone() y2=y.clone()/>
                <text class="dash-axis" x=n(PAD_LEFT - 6.0) y=y dy="0.32em" text-anchor="end">{value}</text>
            }
        })
        .collect_view();
    let groups = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let center = PAD_LEFT + slot * (i as f64 + 0.5);
            let base = y_of(0, scale);
            let (yc, yd) = (y_of(d.created, scale), y_of(d.completed, scale));
            view! {
                <g>
                    <rect class="dash-bar-created" x=n(center - bar - 1.0) y=n(yc) width=n(bar) height=n(base - yc)/>
                    <rect class="dash-bar-completed" x=n(center + 1.0) y=n(yd) width=n(bar) height=n(base - yd)/>
                    <text class="dash-axis" x=n(center) y=n(CHART_H - PAD_BOTTOM + 16.0) text-anchor="middle">
                        {d.date.format("%a").to_string()}
                    </text>
                    <text class="dash-axis" x=n(center) y=n(CHART_H - PAD_BOTTOM + 31.0) text-anchor="middle">
                        {d.date.format("%-d").to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let summary = chart_summary(&days);
    view! {
        <ul class="dash-legend">
            <li><span class="dash-swatch dash-bar-created" aria-hidden="true"></span>"Created"</li>
            <li><span class="dash-swatch dash-bar-completed" aria-hidden="true"></span>"Completed"</li>
        </ul>
        // Focusable, so keyboard users can scroll it on narrow screens.
        <div class="dash-chart-scroll" tabindex="0">
            <svg
                class="dash-chart"
                viewBox=format!("0 0 {CHART_W} {CHART_H}")
                role="img"
                aria-label=summary
                data-testid="dash-chart"
            >
                {gridlines}
                {groups}
            </svg>
        </div>
        <ChartTable days/>
    }
    .into_any()
}

/// The chart's numbers as a table: the text alternative, and handy for anyone.
#[component]
fn ChartTable(days: Vec<DayCount>) -> AnyView {
    view! {
        <details class="dash-details">
            <summary>"Show the numbers"</summary>
            <table class="dash-table" data-testid="dash-chart-table">
                <caption>"Tasks created and completed per day"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Day"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Completed"</th>
                    </tr>
                </thead>
                <tbody>
                    {days
                        .into_iter()
                        .map(|d| view! {
                            <tr>
                                <th scope="row">{day_label(d.date)}</th>
                                <td>{d.created}</td>
                                <td>{d.completed}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </details>
    }
    .into_any()
}

fn priority_label(priority: Priority) -> &'static str {
    match priority {
        Priority::None => "No priority",
        Priority::Low => "Low",
        Priority::Medium => "Medium",
        Priority::High => "High",
    }
}

#[component]
fn PriorityBars(counts: PriorityCounts) -> AnyView {
    let order = [
        Priority::High,
        Priority::Medium,
        Priority::Low,
        Priority::None,
    ];
    let most = order
        .iter()
        .map(|p| counts.get(*p))
        .max()
        .unwrap_or(0)
        .max(1);
    view! {
        <dl class="dash-priorities" data-testid="dash-priorities">
            {order
                .into_iter()
                .map(|p| {
                    let count = counts.get(p);
                    // The bar is decoration; the number beside it carries the meaning.
                    let width = format!("width: {:.0}%", count as f64 * 100.0 / most as f64);
                    view! {
                        <div class=format!("dash-priority dash-priority-{}", p.as_str())>
                            <dt>{priority_label(p)}</dt>
                            <dd>
                                <span class="dash-priority-track" aria-hidden="true">
                                    <span class="dash-priority-bar" style=width></span>
                                </span>
                                <span data-testid=format!("dash-priority-{}", p.as_str())>{count}</span>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

#[component]
fn Upcoming(tasks: Vec<UpcomingTask>, today: NaiveDate) -> AnyView {
    if tasks.is_empty() {
        return view! { <p class="muted">"Nothing due from today on."</p> }.into_any();
    }
    view! {
        <ol class="dash-upcoming" data-testid="dash-upcoming">
            {tasks
                .into_iter()
                .map(|t| {
                    let href = format!("/tasks?q={}", encode_query_value(&t.title));
                    let due_class = if t.overdue { "dash-due dash-due-late" } else { "dash-due" };
                    view! {
                        <li>
                            <a href=href>
                                <span class="dash-number">{format!("#{}", t.number)}</span>
                                " "{t.title}
                            </a>
                            <span class=due_class>
                                {format_due(t.due, today)}
                                {t.overdue.then_some(" · overdue")}
                            </span>
                            {(t.priority != Priority::None).then(|| view! {
                                <span class=format!("dash-tag dash-priority-{}", t.priority.as_str())>
                                    {priority_label(t.priority)}
                                </span>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_end_on_round_numbers_with_at_most_five_steps() {
        assert_eq!(nice_scale(0), Scale { top: 4, step: 1 });
        assert_eq!(nice_scale(3), Scale { top: 4, step: 1 });
        assert_eq!(nice_scale(5), Scale { top: 5, step: 1 });
        assert_eq!(nice_scale(7), Scale { top: 8, step: 2 });
        assert_eq!(nice_scale(12), Scale { top: 15, step: 5 });
        assert_eq!(nice_scale(23), Scale { top: 25, step: 5 });
        assert_eq!(nice_scale(100), Scale { top: 100, step: 20 });
        assert_eq!(nice_scale(101), Scale { top: 150, step: 50 });
        let huge = nice_scale(u64::MAX);
        assert!(huge.top >= huge.step);
    }

    #[test]
    fn bars_stay_inside_the_plot() {
        let scale = nice_scale(7);
        assert_eq!(y_of(0, scale), CHART_H - PAD_BOTTOM);
        assert_eq!(y_of(8, scale), PAD_TOP);
        assert_eq!(y_of(80, scale), PAD_TOP);
    }

    #[test]
    fn the_summary_names_the_range_and_totals() {
        let day = |d: u32, created, completed| DayCount {
            date: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
            created,
            completed,
        };
        let text = chart_summary(&[day(12, 2, 0), day(25, 3, 4)]);
        assert!(text.contains("from Thu 12 Nov to Wed 25 Nov"), "{text}");
        assert!(text.contains("5 created and 4 completed"), "{text}");
    }

    #[test]
    fn titles_are_encoded_for_the_search_link() {
        assert_eq!(
            encode_query_value("Pay rent & tax?"),
            "Pay%20rent%20%26%20tax%3F"
        );
    }

    /// The server's HTML for a small dashboard: valid structure (the table has its head and
    /// body, or hydration breaks), an accessible chart, and the numbers in the table.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_page_renders_a_labelled_chart_and_a_complete_table() {
        use super::super::{Counts, PriorityCounts};
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let days = (0..14u64)
            .map(|i| DayCount {
                date: today - chrono::Days::new(13 - i),
                created: i % 3,
                completed: i % 2,
            })
            .collect();
        let d = Dashboard {
            today,
            counts: Counts {
                total: 3,
                active: 2,
                completed: 1,
                overdue: 1,
                completion_rate: 1.0 / 3.0,
                ..Counts::default()
            },
            by_priority: PriorityCounts {
                high: 2,
                ..PriorityCounts::default()
            },
            days,
            upcoming: vec![UpcomingTask {
                number: 7,
                title: "Pay rent & tax".into(),
                priority: Priority::High,
                due: crate::tasks::Due {
                    date: today,
                    time: None,
                },
                overdue: false,
            }],
        };
        let html = Owner::new().with(|| DashboardBody(DashboardBodyProps { d }).to_html());
        assert!(html.contains(r#"role="img""#), "{html}");
        assert!(html.contains(r#"viewBox="0 0 720 260""#), "{html}");
        assert!(html.contains("from Thu 12 Nov to Wed 25 Nov"), "{html}");
        assert!(
            html.contains("<thead>") && html.contains("<tbody>"),
            "{html}"
        );
        assert_eq!(html.matches(r#"<th scope="row">"#).count(), 14);
        assert!(
            html.contains(r#"href="/tasks?q=Pay%20rent%20%26%20tax""#),
            "{html}"
        );
        assert!(html.contains("33%"), "{html}");
    }
}
