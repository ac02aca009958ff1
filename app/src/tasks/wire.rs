//! How a task's dates travel: as text in human-readable formats (JSON: server functions, exports,
//! the agent's tools) and as numbers in binary ones (postcard: the list's hydration data), where
//! writing chrono's text was costly (BENCHMARKS.md, tasks step 7); uuid does the same.
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `DateTime<Utc>`: RFC 3339 text, or (seconds, nanoseconds) since the Unix epoch.
pub mod utc {
    use super::*;

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            at.serialize(s)
        } else {
            (at.timestamp(), at.timestamp_subsec_nanos()).serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        if d.is_human_readable() {
            DateTime::<Utc>::deserialize(d)
        } else {
            let (secs, nanos) = <(i64, u32)>::deserialize(d)?;
            DateTime::from_timestamp(secs, nanos)
                .ok_or_else(|| D::Error::custom("timestamp out of range"))
        }
    }
}

/// `Option<DateTime<Utc>>`, as `utc`.
pub mod utc_option {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct At(#[serde(with = "super::utc")] DateTime<Utc>);

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        at.map(At).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<At>::deserialize(d)?.map(|at| at.0))
    }
}

/// `NaiveDate`: "2026-11-26", or days since 1 January of year 1.
pub mod date {
    use super::*;
    use chrono::Datelike;

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            date.serialize(s)
        } else {
            date.num_days_from_ce().serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if d.is_human_readable() {
            NaiveDate::deserialize(d)
        } else {
            NaiveDate::from_num_days_from_ce_opt(i32::deserialize(d)?)
                .ok_or_else(|| D::Error::custom("date out of range"))
        }
    }
}

/// `Option<NaiveTime>`: "09:30:00", or (seconds since midnight, nanoseconds).
pub mod time_option {
    use super::*;
    use chrono::Timelike;

    pub fn serialize<S: Serializer>(time: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            time.serialize(s)
        } else {
            time.map(|t| (t.num_seconds_from_midnight(), t.nanosecond()))
                .serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        if d.is_human_readable() {
            Option::<NaiveTime>::deserialize(d)
        } else {
            Option::<(u32, u32)>::deserialize(d)?
                .map(|(secs, nanos)| {
                    NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos)
                        .ok_or_else(|| D::Error::custom("time out of range"))
                })
                .transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
    use codee::binary::PostcardCodec;
    use codee::{Decoder, Encoder};
    use uuid::Uuid;

    use crate::tasks::{Due, Priority, Task};

    fn task(completed_at: Option<chrono::DateTime<Utc>>, time: Option<NaiveTime>) -> Task {
        Task {
            id: Uuid::from_u128(7),
            number: 7,
            title: "Pay rent".into(),
            description: String::new(),
            completed: completed_at.is_some(),
            priority: Priority::High,
            due: Some(Due {
                date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                time,
            }),
            tags: vec!["home".into()],
            created_at: Utc.with_ymd_and_hms(2026, 11, 25, 23, 59, 59).unwrap()
                + chrono::Duration::nanoseconds(123_456_789),
            updated_at: Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap(),
            completed_at,
            overdue: false,
            due_today: false,
        }
    }

    #[test]
    fn tasks_survive_the_binary_format_to_the_nanosecond() {
        for t in [
            task(None, None),
            task(
                Some(Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 1).unwrap()),
                NaiveTime::from_hms_nano_opt(9, 30, 15, 5),
            ),
        ] {
            let bytes = PostcardCodec::encode(&t).unwrap();
            let back: Task = PostcardCodec::decode(&bytes).unwrap();
            assert_eq!(back, t);
        }
    }

    #[test]
    fn json_keeps_dates_as_readable_text() {
        let t = task(
            Some(Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 1).unwrap()),
            NaiveTime::from_hms_opt(9, 30, 0),
        );
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["created_at"], "2026-11-25T23:59:59.123456789Z");
        assert_eq!(json["completed_at"], "2026-11-26T08:00:01Z");
        assert_eq!(json["due"]["date"], "2026-12-01");
        assert_eq!(json["due"]["time"], "09:30:00");
        assert_eq!(serde_json::from_value::<Task>(json).unwrap(), t);
    }

    #[test]
    fn json_without_optional_dates_reads_as_none() {
        let mut json = serde_json::to_value(task(None, None)).unwrap();
        let object = json.as_object_mut().unwrap();
        object.remove("completed_at");
        object["due"].as_object_mut().unwrap().remove("time");
        let t = serde_json::from_value::<Task>(json).unwrap();
        assert_eq!(t.completed_at, None);
        assert_eq!(t.due.unwrap().time, None);
    }
}
