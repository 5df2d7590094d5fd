//! `dateDifference(startDate, endDate)`: `endDate - startDate` as .NET `TimeSpan` text
//! (`[-][d.]hh:mm:ss[.fffffff]`), negative when the start is later.

use super::args::timestamp;
use super::time_span::TimeSpan;
use crate::functions::prelude::*;

pub(crate) const DATE_DIFFERENCE: Function = Function {
    name: "dateDifference",
    summary: "Returns endDate minus startDate as a .NET TimeSpan string ('d.hh:mm:ss.fffffff').",
    params: &[
        param(
            "startDate",
            Ty::Timestamp,
            "The earlier timestamp (subtracted).",
        ),
        param("endDate", Ty::Timestamp, "The later timestamp."),
    ],
    returns: Ty::String,
    imp: Eager(date_difference),
    examples: &[
        ok(
            "dateDifference('2015-02-08', '2018-07-30')",
            r#""1268.00:00:00""#,
        ),
        ok(
            "dateDifference('2018-07-30T10:00:00Z', '2018-07-30T09:59:58.5Z')",
            r#""-00:00:01.5000000""#,
        ),
        ok(
            "dateDifference('2018-01-01T00:00:00+01:00', '2018-01-01T00:00:00Z')",
            r#""01:00:00""#,
        ),
        fails(
            "dateDifference('2015-02-08', 'later')",
            "the value provided for date time string 'later' was not valid",
        ),
    ],
};

fn date_difference(call: Call<'_>) -> Result<Value, EvalError> {
    let start = timestamp(&call, 0)?;
    let end = timestamp(&call, 1)?;
    Ok(Value::String(
        TimeSpan(end.ticks() - start.ticks()).constant(),
    ))
}
