use super::*;
use serde_json::json;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("test time")
        .with_timezone(&Utc)
}

fn schedule(recurrence: Value, planned: &str) -> Schedule {
    Recurrence::parse(&recurrence, "/triggers/t/recurrence")
        .expect("valid recurrence")
        .anchored(utc(planned))
}

/// The first `n` occurrences strictly after `t`.
fn next_n(s: &Schedule, t: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = utc(t);
    for _ in 0..n {
        match s.next_after(at) {
            Some(o) => {
                out.push(o.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                at = o;
            }
            None => break,
        }
    }
    out
}

#[test]
fn minutes_step_from_the_start_time() {
    let s = schedule(
        json!({"frequency": "Minute", "interval": 15, "startTime": "2026-01-01T00:05:00Z"}),
        "2025-01-01T00:00:00Z",
    );
    assert_eq!(s.first(), Some(utc("2026-01-01T00:05:00Z")));
    assert_eq!(
        next_n(&s, "2026-01-01T01:00:00Z", 3),
        [
            "2026-01-01T01:05:00Z",
            "2026-01-01T01:20:00Z",
            "2026-01-01T01:35:00Z"
        ]
    );
    // An occurrence itself is not "after" itself.
    assert_eq!(
        next_n(&s, "2026-01-01T00:20:00Z", 1),
        ["2026-01-01T00:35:00Z"]
    );
    assert_eq!(
        s.at_or_after(utc("2026-01-01T00:20:00Z")),
        Some(utc("2026-01-01T00:20:00Z"))
    );
}

#[test]
fn a_start_time_in_the_future_is_the_first_occurrence() {
    let s = schedule(
        json!({"frequency": "Hour", "interval": 2, "startTime": "2030-06-01T10:00:00Z"}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&s, "2026-01-01T00:00:00Z", 2),
        ["2030-06-01T10:00:00Z", "2030-06-01T12:00:00Z"]
    );
    assert_eq!(s.latest_at_or_before(utc("2029-01-01T00:00:00Z")), None);
}

#[test]
fn without_a_start_time_the_planning_moment_anchors_the_schedule() {
    let s = schedule(
        json!({"frequency": "Second", "interval": 30}),
        "2026-02-03T04:05:06.789Z",
    );
    assert_eq!(
        s.first(),
        Some(utc("2026-02-03T04:05:06Z")),
        "fires at once when planned, whole seconds"
    );
    assert_eq!(
        next_n(&s, "2026-02-03T04:05:06Z", 2),
        ["2026-02-03T04:05:36Z", "2026-02-03T04:06:06Z"]
    );
}

#[test]
fn hourly_steps_are_fixed_durations_across_a_clock_change() {
    // Berlin springs forward on 2026-03-29 at 02:00 local (01:00Z).
    let s = schedule(
        json!({"frequency": "Hour", "interval": 1, "startTime": "2026-03-28T23:00:00", "timeZone": "W. Europe Standard Time"}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&s, "2026-03-28T23:30:00Z", 3),
        [
            "2026-03-29T00:00:00Z",
            "2026-03-29T01:00:00Z",
            "2026-03-29T02:00:00Z"
        ]
    );
}

#[test]
fn daily_schedules_keep_their_wall_clock_time_across_dst() {
    let s = schedule(
        json!({"frequency": "Day", "interval": 1, "startTime": "2026-03-27T08:00:00", "timeZone": "W. Europe Standard Time"}),
        "2026-01-01T00:00:00Z",
    );
    // 08:00 CET is 07:00Z; after the change 08:00 CEST is 06:00Z.
    assert_eq!(
        next_n(&s, "2026-03-27T00:00:00Z", 4),
        [
            "2026-03-27T07:00:00Z",
            "2026-03-28T07:00:00Z",
            "2026-03-29T06:00:00Z",
            "2026-03-30T06:00:00Z"
        ]
    );
}

#[test]
fn a_time_skipped_by_spring_forward_fires_after_the_change_and_a_repeated_time_fires_once() {
    // US Pacific: 2026-03-08 02:00 → 03:00 (skip), 2026-11-01 02:00 → 01:00 (repeat).
    let spring = schedule(
        json!({"frequency": "Day", "interval": 1, "timeZone": "Pacific Standard Time", "startTime": "2026-03-07T02:30:00"}),
        "2026-01-01T00:00:00Z",
    );
    // 02:30 PST = 10:30Z; on the 8th 02:30 does not exist and is read as PST (= 03:30 PDT = 10:30Z);
    // on the 9th 02:30 PDT = 09:30Z.
    assert_eq!(
        next_n(&spring, "2026-03-07T00:00:00Z", 3),
        [
            "2026-03-07T10:30:00Z",
            "2026-03-08T10:30:00Z",
            "2026-03-09T09:30:00Z"
        ]
    );

    let fall = schedule(
        json!({"frequency": "Day", "interval": 1, "timeZone": "Pacific Standard Time", "startTime": "2026-10-31T01:30:00"}),
        "2026-01-01T00:00:00Z",
    );
    // 01:30 PDT = 08:30Z; on Nov 1 01:30 happens twice (08:30Z PDT, 09:30Z PST): once, the first.
    assert_eq!(
        next_n(&fall, "2026-10-31T00:00:00Z", 3),
        [
            "2026-10-31T08:30:00Z",
            "2026-11-01T08:30:00Z",
            "2026-11-02T09:30:00Z"
        ]
    );
}

#[test]
fn weekly_schedule_with_days_hours_and_minutes() {
    let s = schedule(
        json!({
            "frequency": "Week", "interval": 1, "timeZone": "UTC", "startTime": "2026-01-05T00:00:00Z",
            "schedule": {"weekDays": ["Monday", "Friday"], "hours": [9, "17"], "minutes": [0, 30]}
        }),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&s, "2026-01-05T00:00:00Z", 6),
        [
            "2026-01-05T09:00:00Z",
            "2026-01-05T09:30:00Z",
            "2026-01-05T17:00:00Z",
            "2026-01-05T17:30:00Z",
            "2026-01-09T09:00:00Z",
            "2026-01-09T09:30:00Z"
        ]
    );
}

#[test]
fn every_other_week_skips_the_off_weeks() {
    // 2026-01-07 is a Wednesday; the schedule fires on Mondays and Wednesdays of every other week
    // counted from the start's week, never before the start.
    let s = schedule(
        json!({"frequency": "Week", "interval": 2, "startTime": "2026-01-07T06:00:00Z", "schedule": {"weekDays": ["Monday", "Wednesday"]}}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&s, "2026-01-01T00:00:00Z", 3),
        [
            "2026-01-07T06:00:00Z",
            "2026-01-19T06:00:00Z",
            "2026-01-21T06:00:00Z"
        ]
    );
}

#[test]
fn daily_hours_default_their_minutes_to_the_start_time() {
    let s = schedule(
        json!({"frequency": "Day", "interval": 2, "startTime": "2026-05-01T00:45:00Z", "schedule": {"hours": [6, 18]}}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&s, "2026-05-01T00:00:00Z", 3),
        [
            "2026-05-01T06:45:00Z",
            "2026-05-01T18:45:00Z",
            "2026-05-03T06:45:00Z"
        ]
    );
}

#[test]
fn monthly_days_including_the_last_day_and_months_without_the_day() {
    let last = schedule(
        json!({"frequency": "Month", "interval": 1, "startTime": "2026-01-01T12:00:00Z", "schedule": {"monthDays": [-1]}}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&last, "2026-01-01T00:00:00Z", 3),
        [
            "2026-01-31T12:00:00Z",
            "2026-02-28T12:00:00Z",
            "2026-03-31T12:00:00Z"
        ]
    );
    let on_31st = schedule(
        json!({"frequency": "Month", "interval": 1, "startTime": "2026-03-31T08:00:00Z"}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&on_31st, "2026-03-01T00:00:00Z", 3),
        [
            "2026-03-31T08:00:00Z",
            "2026-05-31T08:00:00Z",
            "2026-07-31T08:00:00Z"
        ]
    );
}

#[test]
fn latest_missed_occurrence_is_found_from_either_kind_of_schedule() {
    let minutes = schedule(
        json!({"frequency": "Minute", "interval": 10, "startTime": "2026-01-01T00:00:00Z"}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        minutes.latest_at_or_before(utc("2026-01-01T05:37:00Z")),
        Some(utc("2026-01-01T05:30:00Z"))
    );
    assert_eq!(
        minutes.latest_at_or_before(utc("2026-01-01T05:30:00Z")),
        Some(utc("2026-01-01T05:30:00Z"))
    );
    let daily = schedule(
        json!({"frequency": "Day", "interval": 1, "startTime": "2026-01-01T00:00:00Z", "schedule": {"hours": [8, 20]}}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        daily.latest_at_or_before(utc("2026-01-10T19:59:00Z")),
        Some(utc("2026-01-10T08:00:00Z"))
    );
    assert_eq!(daily.latest_at_or_before(utc("2026-01-01T07:00:00Z")), None);
}

#[test]
fn end_time_ends_the_schedule() {
    let s = schedule(
        json!({"frequency": "Day", "interval": 1, "startTime": "2026-01-01T00:00:00Z", "endTime": "2026-01-02T12:00:00Z"}),
        "2026-01-01T00:00:00Z",
    );
    assert_eq!(
        next_n(&s, "2025-12-31T00:00:00Z", 5),
        ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]
    );
}

#[test]
fn malformed_recurrences_name_the_field() {
    let bad = |v: Value| Recurrence::parse(&v, "/triggers/t/recurrence").unwrap_err();
    let e = bad(json!({"frequency": "Fortnight", "interval": 1}));
    assert_eq!(e.pointer, "/triggers/t/recurrence/frequency");
    let e = bad(json!({"frequency": "Month", "interval": 17}));
    assert!(e.message.contains("from 1 to 16"), "{e}");
    let e = bad(json!({"frequency": "Day", "interval": 1, "timeZone": "Mars Standard Time"}));
    assert_eq!(e.pointer, "/triggers/t/recurrence/timeZone");
    let e = bad(
        json!({"frequency": "Week", "interval": 1, "schedule": {"weekDays": ["Monday", "Caturday"]}}),
    );
    assert_eq!(e.pointer, "/triggers/t/recurrence/schedule/weekDays/1");
    let e = bad(json!({"frequency": "Day", "interval": 1, "schedule": {"hours": [24]}}));
    assert_eq!(e.pointer, "/triggers/t/recurrence/schedule/hours/0");
    let e = bad(json!({"frequency": "Day", "interval": 1, "startTime": "tomorrow"}));
    assert_eq!(e.pointer, "/triggers/t/recurrence/startTime");
    assert!(bad(json!("daily")).message.contains("must be an object"));
}
