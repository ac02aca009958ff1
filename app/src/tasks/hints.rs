//! The quick-add and date language, written once: "Pay rent tomorrow !high #home" → title "Pay rent",
//! due tomorrow, high priority, tag "home". The task form previews it, the server stores what it
//! understood, and the chat agent reads dates and priorities with the same functions. Pure code
//! (no clock, no timezone database): callers pass the user's local "now", so it also runs in the
//! browser and every test is deterministic.
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use super::validate::parse_tag;
use super::{Due, Priority};

/// What a quick-add line says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickAdd {
    pub title: String,
    pub due: Option<Due>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
}

/// Reads a quick-add line. Anything not understood as a hint stays in the title; text in quotes
/// is always title ("'Read tomorrow's news' today" keeps its words).
pub fn parse_quick_add(input: &str, now: NaiveDateTime) -> QuickAdd {
    let tokens = tokenize(input);
    let mut used = vec![false; tokens.len()];
    let mut out = QuickAdd::default();
    let mut date: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;

    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].quoted {
            i += 1;
            continue;
        }
        let words: Vec<&str> = tokens[i..]
            .iter()
            .take_while(|t| !t.quoted)
            .map(|t| t.norm.as_str())
            .collect();
        let matched = match_priority(&words)
            .map(|(n, p)| {
                out.priority = Some(p);
                n
            })
            .or_else(|| {
                let commas: Vec<bool> = tokens[i..]
                    .iter()
                    .take(words.len())
                    .map(|t| t.raw.ends_with(','))
                    .collect();
                match_tag(&tokens[i].raw, &words, &commas).map(|(n, tags)| {
                    for tag in tags {
                        if !out.tags.contains(&tag) {
                            out.tags.push(tag);
                        }
                    }
                    n
                })
            })
            .or_else(|| {
                (date.is_none())
                    .then(|| match_date(&words, now))
                    .flatten()
                    .map(|(n, d, t)| {
                        date = Some(d);
                        if t.is_some() {
                            time = t;
                        }
                        n
                    })
            })
            .or_else(|| {
                let found = if words.first() == Some(&"at") {
                    match_time(&words[1..], true).map(|(n, t)| (n + 1, t))
                } else {
                    match_time(&words, false)
                };
                (time.is_none()).then_some(found).flatten().map(|(n, t)| {
                    time = Some(t);
                    n
                })
            });
        match matched {
            Some(n) => {
                // "on friday", "by tomorrow", "due on dec 5", "at 3pm": the connectors go too.
                let mut k = i;
                while k > 0
                    && !used[k - 1]
                    && !tokens[k - 1].quoted
                    && CONNECTORS.contains(&tokens[k - 1].norm.as_str())
                {
                    used[k - 1] = true;
                    k -= 1;
                }
                for u in used.iter_mut().skip(i).take(n) {
                    *u = true;
                }
                i += n;
            }
            None => i += 1,
        }
    }

    // "urgent" / "asap" count as priority only at either end of the title ("urgent: call the
    // bank", "call the bank asap"), never inside it ("reply to urgent email").
    let remaining: Vec<usize> = (0..tokens.len()).filter(|&k| !used[k]).collect();
    for &k in [remaining.first(), remaining.last()].into_iter().flatten() {
        if !tokens[k].quoted
            && URGENT_WORDS.contains(&tokens[k].norm.trim_end_matches(':'))
            && out.priority.is_none()
        {
            out.priority = Some(Priority::High);
            used[k] = true;
        }
    }

    if date.is_none() && time.is_some() {
        // A time alone means the next time the clock shows it.
        let t = time.unwrap_or(NaiveTime::MIN);
        date = Some(if t > now.time() {
            now.date()
        } else {
            now.date() + Days::new(1)
        });
    }
    out.due = date.map(|date| Due { date, time });
    // "Urgent: call the plumber" → "Call the plumber": keep the sentence's capital.
    let capital_lost = tokens
        .first()
        .is_some_and(|t| t.raw.starts_with(char::is_uppercase))
        && used.first() == Some(&true);
    out.title = clean_title(
        &tokens
            .iter()
            .zip(&used)
            .filter(|(_, used)| !**used)
            .map(|(t, _)| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    if capital_lost {
        out.title = capitalize_first(&out.title);
    }
    out
}

/// "buy groceries" → "Buy groceries".
pub fn capitalize_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads a whole phrase as a due date ("tomorrow at 3pm", "next friday", "2026-12-05").
/// None when any part of it is not understood.
pub fn parse_due(text: &str, now: NaiveDateTime) -> Option<Due> {
    let parsed = parse_quick_add(text, now);
    let leftover = parsed.title.trim_matches(|c: char| !c.is_alphanumeric());
    if parsed.tags.is_empty() && parsed.priority.is_none() && leftover.is_empty() {
        parsed.due
    } else {
        None
    }
}

/// Reads a priority word or hint on its own ("high", "!low", "p1", "urgent").
pub fn parse_priority(text: &str) -> Option<Priority> {
    let norm = text.trim().to_lowercase();
    let words: Vec<&str> = norm.split_whitespace().collect();
    match words.as_slice() {
        ["none"] | ["no", "priority"] => Some(Priority::None),
        ["low"] => Some(Priority::Low),
        ["medium"] | ["med"] | ["normal"] => Some(Priority::Medium),
        ["high"] => Some(Priority::High),
        [w] if URGENT_WORDS.contains(w) => Some(Priority::High),
        _ => match_priority(&words)
            .filter(|(n, _)| *n == words.len())
            .map(|(_, p)| p),
    }
}

const CONNECTORS: &[&str] = &["on", "by", "due", "at", "for", "before", "until", "from"];
const URGENT_WORDS: &[&str] = &["urgent", "urgently", "asap"];

struct Token {
    raw: String,
    /// Lower-cased, without surrounding punctuation (but keeping `#`, `!`, `:`, `-`, `/`).
    norm: String,
    quoted: bool,
}

fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = input.trim();
    while !rest.is_empty() {
        let first = rest.chars().next().unwrap_or(' ');
        let closing = match first {
            '"' => Some('"'),
            '\'' => Some('\''),
            '“' => Some('”'),
            '‘' => Some('’'),
            _ => None,
        };
        // A quoted span: from an opening quote to its closing quote followed by a space or the end.
        if let Some(close) = closing {
            let body = &rest[first.len_utf8()..];
            let end = body.char_indices().find(|&(k, c)| {
                c == close
                    && body[k + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_none_or(|n| n.is_whitespace() || ",.;".contains(n))
            });
            if let Some((k, c)) = end {
                let inner = body[..k].trim();
                if !inner.is_empty() {
                    tokens.push(Token {
                        raw: inner.to_owned(),
                        norm: inner.to_lowercase(),
                        quoted: true,
                    });
                }
                rest = body[k + c.len_utf8()..]
                    .trim_start_matches([',', '.', ';'])
                    .trim_start();
                continue;
            }
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let raw = &rest[..end];
        let norm = raw
            .trim_matches(|c: char| matches!(c, ',' | '.' | ';' | '(' | ')' | '?' | '"' | '\''))
            .to_lowercase();
        tokens.push(Token {
            raw: raw.to_owned(),
            norm,
            quoted: false,
        });
        rest = rest[end..].trim_start();
    }
    tokens
}

fn clean_title(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—'))
        .to_owned()
}

fn match_priority(w: &[&str]) -> Option<(usize, Priority)> {
    let first = *w.first()?;
    let single = match first {
        "!high" | "!hi" | "!h" | "!urgent" | "!!!" | "p1" | "!p1" => Some(Priority::High),
        "!medium" | "!med" | "!m" | "!!" | "p2" | "!p2" => Some(Priority::Medium),
        "!low" | "!lo" | "!l" | "p3" | "!p3" => Some(Priority::Low),
        "!none" | "p4" | "!p4" => Some(Priority::None),
        _ => None,
    };
    if let Some(p) = single {
        return Some((1, p));
    }
    let level = |word: &str| match word {
        "high" | "top" | "highest" => Some(Priority::High),
        "medium" | "normal" | "mid" => Some(Priority::Medium),
        "low" | "lowest" => Some(Priority::Low),
        "no" => Some(Priority::None),
        _ => None,
    };
    match w {
        // "high priority", "with high priority"
        ["with", l, "priority", ..] => level(l).map(|p| (3, p)),
        [l, "priority", ..] | [l, "prio", ..] => level(l).map(|p| (2, p)),
        // "priority high", "priority: high"
        ["priority", l, ..] | ["priority:", l, ..] => level(l).map(|p| (2, p)),
        _ => None,
    }
}

/// A tag hint at the start of `w`; `commas` says which words end with a comma ("tags a, b").
fn match_tag(raw: &str, w: &[&str], commas: &[bool]) -> Option<(usize, Vec<String>)> {
    // The one tag rule: a word that is not a valid tag stays in the title.
    let valid = |t: &str| parse_tag(t).ok().flatten();
    let raw = raw.trim_end_matches([',', '.', ';']);
    if raw.starts_with('#') && raw.len() > 1 {
        return valid(raw).map(|t| (1, vec![t]));
    }
    let list = |skip: usize| {
        let n = tag_list(&w[skip..], commas.get(skip..).unwrap_or_default())?;
        let tags = w[skip..skip + n]
            .iter()
            .filter(|t| **t != "and")
            .filter_map(|t| valid(t))
            .collect();
        Some((skip + n, tags))
    };
    match w {
        ["tagged", ..] | ["tag:", ..] => list(1),
        // "with the tag family", "with tags work and urgent": every tag of the list.
        ["with", "the", "tag" | "tags", ..] => list(3),
        ["with", "tag" | "tags", ..] => list(2),
        _ => None,
    }
}

/// How many words of `w` are a list of tags ("work and urgent", "a, b, c"): None if not even one.
fn tag_list(w: &[&str], commas: &[bool]) -> Option<usize> {
    let is_tag = |t: &str| parse_tag(t).ok().flatten().is_some() && !CONNECTORS.contains(&t);
    let mut n = 0;
    while w.get(n).is_some_and(|t| is_tag(t)) {
        n += 1;
        let next_is_tag = |k: usize| w.get(k).is_some_and(|t| is_tag(t));
        if w.get(n) == Some(&"and") && next_is_tag(n + 1) {
            n += 1;
        } else if !(commas.get(n - 1) == Some(&true) && next_is_tag(n)) {
            break;
        }
    }
    (n > 0).then_some(n)
}

/// "a", "one" … "twelve", "couple", or digits: how many ("in three days", "by 2 weeks").
pub fn number_word(word: &str) -> Option<u32> {
    let n = match word {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "couple" => 2,
        other => return other.parse().ok().filter(|n| *n <= 1000),
    };
    Some(n)
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn month(word: &str) -> Option<u32> {
    Some(match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// The ordinal words, in order: "first" is 1. The chat's "the second one" reads them too.
pub const ORDINAL_WORDS: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// "first" … "tenth" → 1 … 10.
pub fn ordinal_word(word: &str) -> Option<u32> {
    let at = ORDINAL_WORDS.iter().position(|w| *w == word)?;
    u32::try_from(at + 1).ok()
}

/// "5th", "1st", "22nd", "3rd" → the number; "5" too when `bare` allows it.
pub fn numbered_ordinal(word: &str, bare: bool) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .or(bare.then_some(word))?;
    digits.parse().ok()
}

/// A day of the month: "5", "5th", "1st", "22nd", or a word up to "tenth".
fn day_of_month(word: &str) -> Option<u32> {
    numbered_ordinal(word, true)
        .filter(|n| (1..=31).contains(n))
        .or_else(|| ordinal_word(word))
}

fn is_ordinal(word: &str) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|s| word.ends_with(s)) && day_of_month(word).is_some()
}

fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    (first + Months::new(1)).pred_opt().unwrap_or(date)
}

fn next_weekday_after(today: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead =
        (7 + wd.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
    today + Days::new(if ahead == 0 { 7 } else { ahead as u64 })
}

/// The next date with this month and day: this year if still ahead (or today), else next year.
fn next_month_day(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(d) if d >= today => Some(d),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, month, day),
    }
}

fn part_of_day(word: &str) -> Option<NaiveTime> {
    let hour = match word {
        "morning" => 9,
        "noon" | "midday" | "lunch" | "lunchtime" => 12,
        "afternoon" => 15,
        "evening" => 18,
        "night" | "tonight" => 20,
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, 0, 0)
}

/// A date phrase at the start of `w`: (words used, date, time if the phrase has one).
fn match_date(w: &[&str], now: NaiveDateTime) -> Option<(usize, NaiveDate, Option<NaiveTime>)> {
    let today = now.date();
    let with_part = |n: usize, d: NaiveDate| -> (usize, NaiveDate, Option<NaiveTime>) {
        // "tomorrow morning", "friday evening", "tomorrow at 3pm"
        if let Some(t) = w.get(n).and_then(|x| part_of_day(x)) {
            return (n + 1, d, Some(t));
        }
        if let Some((m, t)) = match_time(&w[n.min(w.len())..], false) {
            return (n + m, d, Some(t));
        }
        if w.get(n) == Some(&"at") {
            if let Some((m, t)) = match_time(&w[n + 1..], true) {
                return (n + 1 + m, d, Some(t));
            }
        }
        (n, d, None)
    };
    match w {
        // "(by) the end of the month", "the day after tomorrow"
        ["the", "end" | "day", ..] => match_date(&w[1..], now).map(|(n, d, t)| (n + 1, d, t)),
        ["today", ..] | ["tod", ..] => Some(with_part(1, today)),
        ["tonight", ..] => Some((1, today, part_of_day("tonight"))),
        ["yesterday", ..] => Some(with_part(1, today.pred_opt()?)),
        ["this", p @ ("morning" | "afternoon" | "evening"), ..] => Some((2, today, part_of_day(p))),
        ["day", "after", "tomorrow", ..] => Some(with_part(3, today + Days::new(2))),
        ["tomorrow", ..] | ["tmr", ..] | ["tmrw", ..] | ["tomorow", ..] => {
            Some(with_part(1, today + Days::new(1)))
        }
        ["in", n, unit, ..] => {
            let n = number_word(n)?;
            let unit = unit.trim_end_matches('s');
            let date = match unit {
                "day" => today + Days::new(n.into()),
                "week" => today + Days::new(7 * u64::from(n)),
                "month" => today.checked_add_months(Months::new(n))?,
                "year" => today.checked_add_months(Months::new(12 * n))?,
                "hour" | "minute" | "min" => {
                    let minutes = if unit == "hour" {
                        60 * i64::from(n)
                    } else {
                        i64::from(n)
                    };
                    let at = now + chrono::Duration::minutes(minutes);
                    let at = at
                        .with_second(0)
                        .unwrap_or(at)
                        .with_nanosecond(0)
                        .unwrap_or(at);
                    return Some((3, at.date(), Some(at.time())));
                }
                _ => return None,
            };
            Some(with_part(3, date))
        }
        ["next", "week", ..] => Some(with_part(2, next_weekday_after(today, Weekday::Mon))),
        // Like "next saturday": the weekend of next week.
        ["next", "weekend", ..] => Some(with_part(
            2,
            next_weekday_after(today, Weekday::Mon) + Days::new(5),
        )),
        ["next", "month", ..] => Some(with_part(2, today.with_day(1)? + Months::new(1))),
        ["next", "year", ..] => Some(with_part(
            2,
            NaiveDate::from_ymd_opt(today.year() + 1, 1, 1)?,
        )),
        ["this", "weekend", ..] | ["weekend", ..] | ["the", "weekend", ..] => {
            let n = if w[0] == "weekend" { 1 } else { 2 };
            let sat = if today.weekday() == Weekday::Sat {
                today
            } else {
                next_weekday_after(today, Weekday::Sat)
            };
            Some(with_part(n, sat))
        }
        ["end", "of", "the", unit, ..] | ["end", "of", unit, ..] => {
            let n = if w[2] == "the" { 4 } else { 3 };
            let date = match *unit {
                "month" => last_day_of_month(today),
                "week" => today + Days::new(6 - u64::from(today.weekday().num_days_from_monday())),
                "year" => NaiveDate::from_ymd_opt(today.year(), 12, 31)?,
                _ => return None,
            };
            Some(with_part(n, date))
        }
        ["eom", ..] => Some(with_part(1, last_day_of_month(today))),
        ["eow", ..] => Some(with_part(
            1,
            today + Days::new(6 - u64::from(today.weekday().num_days_from_monday())),
        )),
        ["next", wd, ..] if weekday(wd).is_some() => {
            // The given day of next week (weeks start on Monday).
            let monday = next_weekday_after(today, Weekday::Mon);
            let wd = weekday(wd)?;
            Some(with_part(
                2,
                monday + Days::new(wd.num_days_from_monday().into()),
            ))
        }
        ["this", wd, ..] if weekday(wd).is_some() => {
            let wd = weekday(wd)?;
            let d = if today.weekday() == wd {
                today
            } else {
                next_weekday_after(today, wd)
            };
            Some(with_part(2, d))
        }
        // Bare "sun", "sat" and "wed" are too often words of a title; "next sat" still works.
        [wd, ..] if weekday(wd).is_some() && !matches!(*wd, "sun" | "sat" | "wed") => {
            Some(with_part(1, next_weekday_after(today, weekday(wd)?)))
        }
        _ => match_calendar_date(w, today).map(|(n, d)| with_part(n, d)),
    }
}

/// "dec 5", "december 5th 2027", "5 dec", "the 1st of next month", "on the 15th", "2026-12-05".
fn match_calendar_date(w: &[&str], today: NaiveDate) -> Option<(usize, NaiveDate)> {
    let year_at = |k: usize| -> Option<i32> {
        w.get(k)
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|y| (2000..=2200).contains(y))
    };
    if let Some(first) = w.first() {
        if let Ok(d) = NaiveDate::parse_from_str(first, "%Y-%m-%d") {
            return Some((1, d));
        }
    }
    match w {
        // "dec 5", "december 5th, 2027"
        [m, d, ..] if month(m).is_some() && day_of_month(d).is_some() => {
            let (m, d) = (month(m)?, day_of_month(d)?);
            match year_at(2) {
                Some(y) => NaiveDate::from_ymd_opt(y, m, d).map(|date| (3, date)),
                None => next_month_day(today, m, d).map(|date| (2, date)),
            }
        }
        // "the 1st of next month", "the 5th of december"
        ["the", d, "of", rest @ ..] if day_of_month(d).is_some() => {
            let (n, date) = day_of(rest, day_of_month(d)?, today)?;
            Some((3 + n, date))
        }
        [d, "of", rest @ ..] if is_ordinal(d) => {
            let (n, date) = day_of(rest, day_of_month(d)?, today)?;
            Some((2 + n, date))
        }
        // "5 dec", "5th december 2027"
        [d, m, ..] if day_of_month(d).is_some() && month(m).is_some() => {
            let (m, d) = (month(m)?, day_of_month(d)?);
            match year_at(2) {
                Some(y) => NaiveDate::from_ymd_opt(y, m, d).map(|date| (3, date)),
                None => next_month_day(today, m, d).map(|date| (2, date)),
            }
        }
        // "the 15th": the next such day of a month
        ["the", d, ..] if is_ordinal(d) => {
            let day = day_of_month(d)?;
            let this_month = today.with_day(day).filter(|x| *x >= today);
            let date =
                this_month.or_else(|| (today.with_day(1)? + Months::new(1)).with_day(day))?;
            Some((2, date))
        }
        _ => None,
    }
}

/// After "the 1st of": "next month", "this month", or a month name (with an optional year).
fn day_of(rest: &[&str], day: u32, today: NaiveDate) -> Option<(usize, NaiveDate)> {
    match rest {
        ["next", "month", ..] => Some((2, (today.with_day(1)? + Months::new(1)).with_day(day)?)),
        ["this", "month", ..] => Some((2, today.with_day(day)?)),
        ["the", "month", ..] => Some((2, today.with_day(day)?)),
        [m, y, ..]
            if month(m).is_some() && y.parse::<i32>().is_ok_and(|y| (2000..=2200).contains(&y)) =>
        {
            Some((2, NaiveDate::from_ymd_opt(y.parse().ok()?, month(m)?, day)?))
        }
        [m, ..] if month(m).is_some() => Some((1, next_month_day(today, month(m)?, day)?)),
        _ => None,
    }
}

/// A time at the start of `w`: "3pm", "3 pm", "9:30", "9:30am", "15:00", "noon", "midnight",
/// "at 9" (a bare hour only right after "at": `after_at`).
fn match_time(w: &[&str], after_at: bool) -> Option<(usize, NaiveTime)> {
    let first = *w.first()?;
    match first {
        "noon" | "midday" => return Some((1, NaiveTime::from_hms_opt(12, 0, 0)?)),
        "midnight" => return Some((1, NaiveTime::from_hms_opt(23, 59, 0)?)),
        _ => {}
    }
    let (clock, meridiem, used) = if let Some(c) = first.strip_suffix("am") {
        (c, Some(false), 1)
    } else if let Some(c) = first.strip_suffix("pm") {
        (c, Some(true), 1)
    } else if matches!(w.get(1), Some(&"am") | Some(&"a.m") | Some(&"a.m.")) {
        (first, Some(false), 2)
    } else if matches!(w.get(1), Some(&"pm") | Some(&"p.m") | Some(&"p.m.")) {
        (first, Some(true), 2)
    } else {
        (first, None, 1)
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => {
            // A bare number is a time only with am/pm ("3pm") or after "at" ("at 9", handled by
            // the caller passing the words after the connector).
            let h = clock.parse::<u32>().ok()?;
            if meridiem.is_none() && !after_at {
                return None;
            }
            (h, 0)
        }
    };
    let hour = match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            }
        }
        None => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, 0).map(|t| (used, t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Priority::{High, Low, Medium};

    /// Wednesday 25 November 2026, 14:00 in the user's timezone.
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap()
    }

    fn d(m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(if m >= 11 { 2026 } else { 2027 }, m, day)
    }

    fn t(h: u32, m: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn quick_add_table() {
        // (input, title, date, time, priority, tags)
        #[allow(clippy::type_complexity)]
        let cases: Vec<(
            &str,
            &str,
            Option<NaiveDate>,
            Option<NaiveTime>,
            Option<Priority>,
            &[&str],
        )> = vec![
            (
                "Pay rent tomorrow !high #home",
                "Pay rent",
                d(11, 26),
                None,
                Some(High),
                &["home"],
            ),
            ("Buy milk", "Buy milk", None, None, None, &[]),
            ("Call mom today", "Call mom", d(11, 25), None, None, &[]),
            (
                "Call mom tonight",
                "Call mom",
                d(11, 25),
                t(20, 0),
                None,
                &[],
            ),
            ("Dentist in 3 days", "Dentist", d(11, 28), None, None, &[]),
            (
                "Renew passport in 2 weeks",
                "Renew passport",
                d(12, 9),
                None,
                None,
                &[],
            ),
            (
                "Review budget in a month",
                "Review budget",
                d(12, 25),
                None,
                None,
                &[],
            ),
            (
                "Submit report on the 1st of next month",
                "Submit report",
                d(12, 1),
                None,
                None,
                &[],
            ),
            (
                "Pay invoice end of month",
                "Pay invoice",
                d(11, 30),
                None,
                None,
                &[],
            ),
            (
                "Pay invoice by the end of the month",
                "Pay invoice",
                d(11, 30),
                None,
                None,
                &[],
            ),
            (
                "Standup next monday at 9:30",
                "Standup",
                d(11, 30),
                t(9, 30),
                None,
                &[],
            ),
            (
                "Team lunch next friday",
                "Team lunch",
                d(12, 4),
                None,
                None,
                &[],
            ),
            ("Gym friday", "Gym", d(11, 27), None, None, &[]),
            (
                "Gym on friday evening",
                "Gym",
                d(11, 27),
                t(18, 0),
                None,
                &[],
            ),
            (
                "Water plants this saturday",
                "Water plants",
                d(11, 28),
                None,
                None,
                &[],
            ),
            ("Laundry on wednesday", "Laundry", d(12, 2), None, None, &[]),
            (
                "Call the bank tomorrow at 3pm",
                "Call the bank",
                d(11, 26),
                t(15, 0),
                None,
                &[],
            ),
            (
                "Call the bank tomorrow 3 pm",
                "Call the bank",
                d(11, 26),
                t(15, 0),
                None,
                &[],
            ),
            ("Meeting at 9", "Meeting", d(11, 26), t(9, 0), None, &[]),
            (
                "Meeting at 16:30",
                "Meeting",
                d(11, 25),
                t(16, 30),
                None,
                &[],
            ),
            (
                "Lunch at noon tomorrow",
                "Lunch",
                d(11, 26),
                t(12, 0),
                None,
                &[],
            ),
            ("Send card dec 5", "Send card", d(12, 5), None, None, &[]),
            (
                "Send card December 5th",
                "Send card",
                d(12, 5),
                None,
                None,
                &[],
            ),
            ("Send card 5 dec", "Send card", d(12, 5), None, None, &[]),
            ("Tax return apr 15", "Tax return", d(4, 15), None, None, &[]),
            (
                "Tax return april 15 2028",
                "Tax return",
                NaiveDate::from_ymd_opt(2028, 4, 15),
                None,
                None,
                &[],
            ),
            ("Trip 2026-12-20", "Trip", d(12, 20), None, None, &[]),
            (
                "Pick up parcel the 15th",
                "Pick up parcel",
                d(12, 15),
                None,
                None,
                &[],
            ),
            ("Plan next week", "Plan", d(11, 30), None, None, &[]),
            ("Budget next month", "Budget", d(12, 1), None, None, &[]),
            (
                "Clean garage this weekend",
                "Clean garage",
                d(11, 28),
                None,
                None,
                &[],
            ),
            (
                "Taxes day after tomorrow",
                "Taxes",
                d(11, 27),
                None,
                None,
                &[],
            ),
            (
                "Stretch in 2 hours",
                "Stretch",
                d(11, 25),
                t(16, 0),
                None,
                &[],
            ),
            ("Write tests p1", "Write tests", None, None, Some(High), &[]),
            ("Write docs !low", "Write docs", None, None, Some(Low), &[]),
            (
                "Refactor !medium #work #code",
                "Refactor",
                None,
                None,
                Some(Medium),
                &["work", "code"],
            ),
            (
                "File expenses high priority #Work",
                "File expenses",
                None,
                None,
                Some(High),
                &["work"],
            ),
            (
                "Urgent: call the plumber",
                "Call the plumber",
                None,
                None,
                Some(High),
                &[],
            ),
            (
                "Reply to urgent email",
                "Reply to urgent email",
                None,
                None,
                None,
                &[],
            ),
            (
                "Fix the sink asap",
                "Fix the sink",
                None,
                None,
                Some(High),
                &[],
            ),
            (
                "Book flights tagged travel",
                "Book flights",
                None,
                None,
                None,
                &["travel"],
            ),
            (
                "'Read tomorrow' today",
                "Read tomorrow",
                d(11, 25),
                None,
                None,
                &[],
            ),
            (
                "Buy the May issue",
                "Buy the May issue",
                None,
                None,
                None,
                &[],
            ),
            (
                "Prepare SAT exam",
                "Prepare SAT exam",
                None,
                None,
                None,
                &[],
            ),
            (
                "Walk dog tomorrow morning",
                "Walk dog",
                d(11, 26),
                t(9, 0),
                None,
                &[],
            ),
            (
                "Pay rent due friday, high priority",
                "Pay rent",
                d(11, 27),
                None,
                Some(High),
                &[],
            ),
            (
                "Call Ann in 30 minutes",
                "Call Ann",
                d(11, 25),
                t(14, 30),
                None,
                &[],
            ),
            ("Dinner at 8pm", "Dinner", d(11, 25), t(20, 0), None, &[]),
            (
                "Breakfast at 7am",
                "Breakfast",
                d(11, 26),
                t(7, 0),
                None,
                &[],
            ),
        ];
        assert!(cases.len() >= 40);
        for (input, title, date, time, priority, tags) in cases {
            let got = parse_quick_add(input, now());
            assert_eq!(got.title, title, "title of {input:?}");
            assert_eq!(got.due.map(|d| d.date), date, "date of {input:?}");
            assert_eq!(got.due.and_then(|d| d.time), time, "time of {input:?}");
            assert_eq!(got.priority, priority, "priority of {input:?}");
            assert_eq!(
                got.tags,
                tags.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "tags of {input:?}"
            );
        }
    }

    #[test]
    fn a_tag_quick_add_takes_is_one_the_service_takes_and_back() {
        use crate::tasks::validate::{Tags, TAG_MAX_CHARS};
        let long = "a".repeat(TAG_MAX_CHARS);
        let too_long = "a".repeat(TAG_MAX_CHARS + 1);
        let candidates = [
            "work",
            "Home",
            "home-office",
            "to_do",
            "café",
            "日本",
            "2027",
            &long,
            &too_long,
            "a&b",
            "c++",
            "x.y",
            "we'rd",
            "tag!",
            "a/b",
            "q\"t",
            "über-wichtig",
            "a:b",
        ];
        for tag in candidates {
            let quick = parse_quick_add(&format!("Write report #{tag}"), now()).tags;
            match Tags::parse(&[tag.to_owned()]) {
                Ok(tags) => assert_eq!(quick, tags.as_slice(), "{tag:?}"),
                Err(_) => assert!(quick.is_empty(), "{tag:?} was taken as {quick:?}"),
            }
        }
        // A sentence's full stop is not part of the tag.
        assert_eq!(parse_quick_add("Call Ann #home.", now()).tags, ["home"]);
    }

    #[test]
    fn whole_phrases_parse_as_due_dates_or_not_at_all() {
        assert_eq!(
            parse_due("tomorrow at 3pm", now()),
            Some(Due {
                date: d(11, 26).unwrap(),
                time: t(15, 0)
            })
        );
        assert_eq!(parse_due("next friday", now()).map(|d| d.date), d(12, 4));
        assert_eq!(parse_due("in 3 days", now()).map(|d| d.date), d(11, 28));
        assert_eq!(parse_due("2026-12-05", now()).map(|d| d.date), d(12, 5));
        assert_eq!(parse_due("someday", now()), None);
        assert_eq!(parse_due("tomorrow maybe", now()), None);
        assert_eq!(parse_due("feb 30", now()), None);
    }

    #[test]
    fn priorities_read_alone() {
        assert_eq!(parse_priority("High"), Some(High));
        assert_eq!(parse_priority("urgent"), Some(High));
        assert_eq!(parse_priority("low priority"), Some(Low));
        assert_eq!(parse_priority("!medium"), Some(Medium));
        assert_eq!(parse_priority("none"), Some(Priority::None));
        assert_eq!(parse_priority("whenever"), Option::None);
    }

    #[test]
    fn month_ends_and_year_ends_roll_over() {
        let dec31 = NaiveDate::from_ymd_opt(2026, 12, 31)
            .unwrap()
            .and_hms_opt(23, 30, 0)
            .unwrap();
        assert_eq!(
            parse_due("tomorrow", dec31).map(|d| d.date),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        assert_eq!(
            parse_due("the 1st of next month", dec31).map(|d| d.date),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        let jan31 = NaiveDate::from_ymd_opt(2027, 1, 31)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(
            parse_due("in 1 month", jan31).map(|d| d.date),
            NaiveDate::from_ymd_opt(2027, 2, 28)
        );
        assert_eq!(
            parse_due("end of month", jan31).map(|d| d.date),
            NaiveDate::from_ymd_opt(2027, 1, 31)
        );
        // Late at night, "at 9" is tomorrow morning.
        assert_eq!(
            parse_due("at 9", dec31),
            Some(Due {
                date: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                time: t(9, 0)
            })
        );
    }
}
