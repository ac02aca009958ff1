//! A due date and what it means today: late, due today, and how it reads ("Fri 5 Dec 09:30").
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// A due date, optionally at a wall-clock time, in the user's timezone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    #[serde(with = "super::wire::date")]
    pub date: NaiveDate,
    #[serde(default, with = "super::wire::time_option")]
    pub time: Option<NaiveTime>,
}

/// Late: not done, and due on an earlier day, or earlier today at a time already past. A task due
/// today without a time is due today, not overdue.
pub fn is_overdue(completed: bool, due: Option<Due>, now: NaiveDateTime) -> bool {
    match due {
        Some(Due { date, time }) if !completed => {
            date < now.date() || (date == now.date() && time.is_some_and(|t| t < now.time()))
        }
        _ => false,
    }
}

pub fn is_due_today(completed: bool, due: Option<Due>, today: NaiveDate) -> bool {
    !completed && due.is_some_and(|d| d.date == today)
}

/// "Fri 5 Dec", "Fri 5 Dec 2027", with " 09:30" when there is a time.
pub fn format_due(due: Due, today: NaiveDate) -> String {
    let mut out = String::with_capacity(20);
    write_due(&mut out, due, today);
    out
}

/// `format_due`, appended to `out`. Written out rather than with `format("%a %-d %b")`, which
/// parses its pattern on every call, and without `format!`: a list page writes up to 200 dates.
pub fn write_due(out: &mut String, due: Due, today: NaiveDate) {
    use chrono::{Datelike, Timelike};
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let two_digits = |out: &mut String, n: u32| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let d = due.date;
    let mut number = itoa::Buffer::new();
    out.push_str(WEEKDAYS[d.weekday().num_days_from_monday() as usize]);
    out.push(' ');
    out.push_str(number.format(d.day()));
    out.push(' ');
    out.push_str(MONTHS[d.month0() as usize]);
    if d.year() != today.year() {
        out.push(' ');
        out.push_str(number.format(d.year()));
    }
    if let Some(t) = due.time {
        out.push(' ');
        two_digits(out, t.hour());
        out.push(':');
        two_digits(out, t.minute());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(y: i32, m: u32, d: u32, time: Option<(u32, u32)>) -> Due {
        Due {
            date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            time: time.and_then(|(h, min)| chrono::NaiveTime::from_hms_opt(h, min, 0)),
        }
    }

    #[test]
    fn due_dates_read_as_words_with_the_year_only_when_it_differs() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(format_due(due(2026, 12, 5, None), today), "Sat 5 Dec");
        assert_eq!(format_due(due(2026, 11, 29, None), today), "Sun 29 Nov");
        assert_eq!(format_due(due(2027, 1, 11, None), today), "Mon 11 Jan 2027");
        assert_eq!(
            format_due(due(2026, 11, 25, Some((9, 5))), today),
            "Wed 25 Nov 09:05"
        );
        assert_eq!(
            format_due(due(2025, 3, 31, Some((23, 59))), today),
            "Mon 31 Mar 2025 23:59"
        );
    }
}
