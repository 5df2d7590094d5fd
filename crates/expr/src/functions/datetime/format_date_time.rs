//! `formatDateTime(timestamp, format?, locale?)`.

use super::args::{TIMESTAMP, locale, render, timestamp};
use crate::functions::prelude::*;

pub(crate) const FORMAT_DATE_TIME: Function = Function {
    name: "formatDateTime",
    summary: "Returns a timestamp in a .NET date/time format and locale.",
    params: &[
        TIMESTAMP,
        optional(
            "format",
            Ty::String,
            "A .NET standard (e.g. 'D') or custom (e.g. 'dddd MMMM d') date/time format; default 'o' (yyyy-MM-ddTHH:mm:ss.fffffffK).",
        ),
        optional(
            "locale",
            Ty::String,
            "The culture for names and patterns, e.g. 'fr-FR'; default 'en-US'.",
        ),
    ],
    returns: Ty::String,
    imp: Eager(format_date_time),
    examples: &[
        ok(
            "formatDateTime('03/15/2018')",
            r#""2018-03-15T00:00:00.0000000""#,
        ),
        ok(
            "formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')",
            r#""2018-03-15T12:00:00""#,
        ),
        ok(
            "formatDateTime('01/31/2016', 'dddd MMMM d')",
            r#""Sunday January 31""#,
        ),
        ok(
            "formatDateTime('01/31/2016', 'dddd MMMM d', 'fr-fr')",
            r#""dimanche janvier 31""#,
        ),
        ok(
            "formatDateTime('01/31/2016', 'dddd MMMM d', 'es-es')",
            r#""domingo enero 31""#,
        ),
        ok(
            "formatDateTime('2018-12-15T05:00:00+13:00', 'dd-MMM')",
            r#""14-Dec""#,
        ),
        fails(
            "formatDateTime('2018-03-15', 'Q')",
            "is not a valid date time format",
        ),
        fails(
            "formatDateTime('2018-03-15', 'D', 'xx-XX')",
            "The locale 'xx-XX' is not valid",
        ),
    ],
};

fn format_date_time(call: Call<'_>) -> Result<Value, EvalError> {
    let ts = timestamp(&call, 0)?;
    let format = call.optional_string(1)?.unwrap_or("o");
    let culture = locale(&call, 2)?;
    render(&call, ts, format, culture)
}
