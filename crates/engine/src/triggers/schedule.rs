//! Recurrence schedules, pure: parse a trigger's `recurrence` object and compute occurrences.
//!
//! Logic Apps semantics (reference §2.1):
//! - `Second`, `Minute` and `Hour` step by a fixed duration from the start instant (a clock change
//!   does not move them); `Day`, `Week` and `Month` step by wall-clock days, weeks and months in
//!   `timeZone` (a Windows zone ID, or UTC), so "every day at 08:00" stays at 08:00 across DST.
//! - Without `schedule`, the start time is the first occurrence. With `schedule` (`hours`,
//!   `minutes`, `weekDays` for Week, `monthDays` for Month) the occurrences are those scheduled
//!   times of the active days, never earlier than the start time. Fields left out default to the
//!   start time's (its hour, minute, weekday or day of month).
//! - Without `startTime` the schedule is anchored at an instant the caller supplies (the moment
//!   the trigger was first planned), which then acts as the start time.
//! - A wall-clock time skipped by a clock change (02:30 on a spring-forward night) happens at the
//!   same distance after the change (03:30); a time that occurs twice fires once, at the first.
//! - A `Month` schedule whose day does not exist in a month (the 31st in April) skips that month.
//! - `endTime` ends the schedule: no occurrence after it.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc,
    Weekday,
};
use chrono_tz::Tz;
use serde_json::Value;
use std::ops::RangeInclusive;

/// How often a recurrence repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Every `interval` seconds.
    Second,
    /// Every `interval` minutes.
    Minute,
    /// Every `interval` hours.
    Hour,
    /// Every `interval` days (wall clock).
    Day,
    /// Every `interval` weeks (wall clock, weeks start on Monday).
    Week,
    /// Every `interval` months (wall clock).
    Month,
}

impl Frequency {
    const ALL: [(Frequency, &'static str); 6] = [
        (Frequency::Second, "Second"),
        (Frequency::Minute, "Minute"),
        (Frequency::Hour, "Hour"),
        (Frequency::Day, "Day"),
        (Frequency::Week, "Week"),
        (Frequency::Month, "Month"),
    ];

    fn parse(text: &str) -> Option<Frequency> {
        Self::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(text))
            .map(|(f, _)| *f)
    }

    /// The intervals Logic Apps allows for this frequency.
    pub fn interval_range(self) -> RangeInclusive<i64> {
        match self {
            Frequency::Second => 1..=9_999_999,
            Frequency::Minute => 1..=72_000,
            Frequency::Hour => 1..=12_000,
            Frequency::Day => 1..=500,
            Frequency::Week => 1..=71,
            Frequency::Month => 1..=16,
        }
    }

    /// Seconds per unit, for the fixed-duration frequencies.
    fn fixed_seconds(self) -> Option<i64> {
        match self {
            Frequency::Second => Some(1),
            Frequency::Minute => Some(60),
            Frequency::Hour => Some(3600),
            _ => None,
        }
    }
}

/// A parsed `recurrence` object.
#[derive(Debug, Clone, PartialEq)]
pub struct Recurrence {
    /// `frequency`.
    pub frequency: Frequency,
    /// `interval` (validated against [`Frequency::interval_range`]).
    pub interval: u32,
    /// `startTime`, resolved to an instant (wall-clock text is read in `time_zone`).
    pub start: Option<DateTime<Utc>>,
    /// `endTime`, resolved like `start`.
    pub end: Option<DateTime<Utc>>,
    /// `timeZone` (UTC when absent).
    pub time_zone: Tz,
    /// `schedule.hours` (Day, Week, Month).
    pub hours: Vec<u32>,
    /// `schedule.minutes` (Day, Week, Month).
    pub minutes: Vec<u32>,
    /// `schedule.weekDays` (Week).
    pub week_days: Vec<Weekday>,
    /// `schedule.monthDays` (Month): 1–31, or -1 (last day) to -31.
    pub month_days: Vec<i32>,
}

/// A `recurrence` object that cannot be scheduled, with the JSON pointer of the culprit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message} (at '{pointer}')")]
pub struct RecurrenceError {
    /// JSON pointer into the definition.
    pub pointer: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

fn err(pointer: &str, key: &str, message: impl Into<String>) -> RecurrenceError {
    let pointer = if key.is_empty() {
        pointer.to_string()
    } else {
        format!("{pointer}/{key}")
    };
    RecurrenceError {
        pointer,
        message: message.into(),
    }
}

/// A whole number, written as a JSON number or as text (`"10"`, as the designer writes).
fn whole(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn list<T>(
    schedule: &Value,
    key: &str,
    pointer: &str,
    item: impl Fn(&Value) -> Option<T>,
    expected: &str,
) -> Result<Vec<T>, RecurrenceError> {
    let Some(v) = schedule.get(key) else {
        return Ok(Vec::new());
    };
    let Some(items) = v.as_array() else {
        return Err(err(
            pointer,
            key,
            format!("`{key}` must be an array of {expected}"),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, x)| {
            item(x).ok_or_else(|| {
                err(
                    pointer,
                    &format!("{key}/{i}"),
                    format!("{x} is not {expected}"),
                )
            })
        })
        .collect()
}

fn weekday(v: &Value) -> Option<Weekday> {
    v.as_str()?.trim().parse::<Weekday>().ok()
}

/// Reads `startTime`/`endTime`: with `Z` or an offset an instant, otherwise wall-clock time in `tz`.
fn instant(text: &str, tz: Tz) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d",
    ]
    .iter()
    .find_map(|f| {
        NaiveDateTime::parse_from_str(text, f).ok().or_else(|| {
            NaiveDate::parse_from_str(text, f)
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
    })?;
    Some(to_utc(local, tz))
}

impl Recurrence {
    /// Parses a `recurrence` object found at `pointer`.
    pub fn parse(value: &Value, pointer: &str) -> Result<Recurrence, RecurrenceError> {
        if !value.is_object() {
            return Err(err(
                pointer,
                "",
                "`recurrence` must be an object with `frequency` and `interval`",
            ));
        }
        let text = value
            .get("frequency")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let frequency = Frequency::parse(text).ok_or_else(|| {
            err(
                pointer,
                "frequency",
                format!("frequency `{text}` is not one of Second, Minute, Hour, Day, Week, Month"),
            )
        })?;
        let range = frequency.interval_range();
        let interval = match value.get("interval") {
            None => 1,
            Some(v) => whole(v).filter(|n| range.contains(n)).ok_or_else(|| {
                err(
                    pointer,
                    "interval",
                    format!(
                        "interval {v} must be a whole number from {} to {} for frequency {text}",
                        range.start(),
                        range.end()
                    ),
                )
            })?,
        } as u32;
        let time_zone = match value.get("timeZone").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            None => Tz::UTC,
            Some(id) => flowline_expr::time_zone(id).ok_or_else(|| {
                err(pointer, "timeZone", format!("`{id}` is not a Windows time-zone ID such as `W. Europe Standard Time` or `Pacific Standard Time`"))
            })?,
        };
        let time = |key: &str| -> Result<Option<DateTime<Utc>>, RecurrenceError> {
            match value.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => instant(s, time_zone)
                    .map(Some)
                    .ok_or_else(|| err(pointer, key, format!("`{s}` is not a time such as 2026-01-31T08:00:00 (with timeZone) or 2026-01-31T08:00:00Z"))),
            }
        };
        let (start, end) = (time("startTime")?, time("endTime")?);
        let empty = Value::Null;
        let schedule = value.get("schedule").unwrap_or(&empty);
        let sp = format!("{pointer}/schedule");
        let in_range = |r: RangeInclusive<i64>| move |v: &Value| whole(v).filter(|n| r.contains(n));
        let hours = list(
            schedule,
            "hours",
            &sp,
            |v| in_range(0..=23)(v).map(|n| n as u32),
            "an hour from 0 to 23",
        )?;
        let minutes = list(
            schedule,
            "minutes",
            &sp,
            |v| in_range(0..=59)(v).map(|n| n as u32),
            "a minute from 0 to 59",
        )?;
        let week_days = list(
            schedule,
            "weekDays",
            &sp,
            weekday,
            "a day name such as Monday",
        )?;
        let month_days = list(
            schedule,
            "monthDays",
            &sp,
            |v| {
                whole(v)
                    .filter(|n| (1..=31).contains(n) || (-31..=-1).contains(n))
                    .map(|n| n as i32)
            },
            "a day of the month from 1 to 31 (or -1 for the last day)",
        )?;
        Ok(Recurrence {
            frequency,
            interval,
            start,
            end,
            time_zone,
            hours,
            minutes,
            week_days,
            month_days,
        })
    }

    /// The schedule anchored at `start`, or at `planned` (when the trigger was first planned) if the
    /// recurrence has no `startTime`.
    pub fn anchored(&self, planned: DateTime<Utc>) -> Schedule {
        let anchor = self.start.unwrap_or(planned);
        let anchor = anchor - Duration::nanoseconds(anchor.timestamp_subsec_nanos() as i64);
        Schedule {
            rec: self.clone(),
            anchor,
            local_anchor: anchor.with_timezone(&self.time_zone).naive_local(),
        }
    }
}

/// A recurrence with its anchor: answers "when is the next occurrence".
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    rec: Recurrence,
    anchor: DateTime<Utc>,
    local_anchor: NaiveDateTime,
}

/// How far [`Schedule`] searches for an occurrence before concluding there is none.
const SEARCH_DAYS: i64 = 366 * 17;

impl Schedule {
    /// The first occurrence (the start time, or the first scheduled time at or after it).
    pub fn first(&self) -> Option<DateTime<Utc>> {
        self.at_or_after(self.anchor)
    }

    /// The first occurrence at or after `t`.
    pub fn at_or_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.next_after(t - Duration::nanoseconds(1))
    }

    /// The first occurrence strictly after `t`, or `None` when the schedule has ended.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let found = match self.fixed_step() {
            Some(step) => {
                let k = if t < self.anchor {
                    0
                } else {
                    (t - self.anchor).num_seconds().div_euclid(step) + 1
                };
                Some(self.anchor + Duration::seconds(k * step))
            }
            None => {
                let from = self.local_date(t).max(self.local_anchor.date()) - Duration::days(1);
                (0..SEARCH_DAYS)
                    .map(|d| from + Duration::days(d))
                    .find_map(|date| self.occurrences_on(date).into_iter().find(|o| *o > t))
            }
        };
        found.filter(|o| self.rec.end.is_none_or(|end| *o <= end))
    }

    /// The latest occurrence at or before `t`, or `None` when there is none yet.
    pub fn latest_at_or_before(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let t = match self.rec.end {
            Some(end) if end < t => end,
            _ => t,
        };
        if t < self.anchor {
            return None;
        }
        match self.fixed_step() {
            Some(step) => Some(
                self.anchor
                    + Duration::seconds((t - self.anchor).num_seconds().div_euclid(step) * step),
            ),
            None => {
                let from = self.local_date(t) + Duration::days(1);
                let last = self.local_anchor.date() - Duration::days(1);
                (0..SEARCH_DAYS)
                    .map(|d| from - Duration::days(d))
                    .take_while(|date| *date >= last)
                    .find_map(|date| {
                        self.occurrences_on(date)
                            .into_iter()
                            .rev()
                            .find(|o| *o <= t)
                    })
            }
        }
    }

    fn fixed_step(&self) -> Option<i64> {
        self.rec
            .frequency
            .fixed_seconds()
            .map(|s| s * self.rec.interval as i64)
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.rec.time_zone).date_naive()
    }

    /// The occurrences on a local date (Day, Week, Month), in order, never before the anchor.
    fn occurrences_on(&self, date: NaiveDate) -> Vec<DateTime<Utc>> {
        if !self.active(date) {
            return Vec::new();
        }
        let la = self.local_anchor;
        let scheduled = !self.rec.hours.is_empty() || !self.rec.minutes.is_empty();
        let hours = if self.rec.hours.is_empty() {
            vec![la.hour()]
        } else {
            self.rec.hours.clone()
        };
        let minutes = if self.rec.minutes.is_empty() {
            vec![la.minute()]
        } else {
            self.rec.minutes.clone()
        };
        let second = if scheduled && self.rec.start.is_none() {
            0
        } else {
            la.second()
        };
        let mut out: Vec<DateTime<Utc>> = hours
            .iter()
            .flat_map(|h| minutes.iter().map(move |m| (*h, *m)))
            .filter_map(|(h, m)| date.and_hms_opt(h, m, second))
            .map(|local| to_utc(local, self.rec.time_zone))
            .filter(|o| *o >= self.anchor)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether a local date is one the schedule fires on.
    fn active(&self, date: NaiveDate) -> bool {
        let la = self.local_anchor.date();
        let interval = self.rec.interval as i64;
        match self.rec.frequency {
            Frequency::Day => (date - la).num_days().rem_euclid(interval) == 0,
            Frequency::Week => {
                let monday =
                    |d: NaiveDate| d - Duration::days(d.weekday().num_days_from_monday() as i64);
                let weeks = (monday(date) - monday(la)).num_days() / 7;
                let days = if self.rec.week_days.is_empty() {
                    vec![la.weekday()]
                } else {
                    self.rec.week_days.clone()
                };
                weeks.rem_euclid(interval) == 0 && days.contains(&date.weekday())
            }
            Frequency::Month => {
                let months = (date.year() as i64 * 12 + date.month0() as i64)
                    - (la.year() as i64 * 12 + la.month0() as i64);
                let days = if self.rec.month_days.is_empty() {
                    vec![la.day() as i32]
                } else {
                    self.rec.month_days.clone()
                };
                let length = days_in_month(date) as i32;
                let day = date.day() as i32;
                months.rem_euclid(interval) == 0
                    && days
                        .iter()
                        .any(|d| *d == day || (*d < 0 && length + d + 1 == day))
            }
            Frequency::Second | Frequency::Minute | Frequency::Hour => false,
        }
    }
}

fn days_in_month(date: NaiveDate) -> u32 {
    let (y, m) = if date.month() == 12 {
        (date.year() + 1, 1)
    } else {
        (date.year(), date.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// Wall-clock time in `tz` to an instant: a time occurring twice is taken at its first occurrence;
/// a time skipped by a clock change is read with the offset in force just before the change.
pub(crate) fn to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // Clock changes are months apart: a day earlier the pre-change offset holds.
            let offset = tz
                .from_local_datetime(&(local - Duration::days(1)))
                .earliest()
                .map_or(0, |t| chrono::Offset::fix(t.offset()).local_minus_utc());
            Utc.from_utc_datetime(&(local - Duration::seconds(offset as i64)))
        }
    }
}

#[cfg(test)]
mod tests;
