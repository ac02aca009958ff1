//! The user's timezone: "today", "tomorrow", overdue and the dashboard's days are all computed in
//! it, so a task due "tomorrow" entered at 23:30 in Tokyo is due on the right day there.
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::SessionUser;

/// An IANA timezone name, or UTC when the browser sent none or nonsense.
pub fn valid_timezone(raw: &str) -> String {
    raw.trim()
        .parse::<Tz>()
        .map(|tz| tz.name().to_owned())
        .unwrap_or_else(|_| "UTC".to_owned())
}

/// The IANA timezone `name` (UTC if the name is unknown).
pub fn user_tz(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The wall-clock "now" in the timezone `name`.
pub fn local_now(name: &str) -> NaiveDateTime {
    Utc::now().with_timezone(&user_tz(name)).naive_local()
}

/// The UTC instant at which a local date begins in the timezone `name` (for day buckets).
pub fn local_midnight_utc(name: &str, date: NaiveDate) -> DateTime<Utc> {
    let tz = user_tz(name);
    let midnight = date.and_time(NaiveTime::MIN);
    // A day that starts inside a DST gap begins at the first instant that exists.
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

impl SessionUser {
    pub fn tz(&self) -> Tz {
        user_tz(&self.timezone)
    }

    /// The user's wall-clock "now".
    pub fn local_now(&self) -> NaiveDateTime {
        local_now(&self.timezone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_timezones_are_utc() {
        assert_eq!(valid_timezone(" Asia/Tokyo "), "Asia/Tokyo");
        assert_eq!(valid_timezone("Mars/Olympus"), "UTC");
        assert_eq!(user_tz("nonsense"), Tz::UTC);
    }

    #[test]
    fn a_day_starting_in_a_dst_gap_begins_at_its_first_instant() {
        // São Paulo skipped 00:00–01:00 on 4 November 2018.
        let date = NaiveDate::from_ymd_opt(2018, 11, 4).unwrap();
        assert_eq!(
            local_midnight_utc("America/Sao_Paulo", date).to_rfc3339(),
            "2018-11-04T03:00:00+00:00"
        );
        assert_eq!(
            local_midnight_utc("Asia/Tokyo", date).to_rfc3339(),
            "2018-11-03T15:00:00+00:00"
        );
    }
}
