//! `parseDateTime(timestamp, locale?, format?)`: reads a timestamp written in a locale's
//! conventions, leniently or with an exact .NET format, and returns it in format `o`.

use super::args::{locale, render, today};
use crate::datetime_format::parse_exact;
use crate::functions::prelude::*;
use crate::timestamp::{Timestamp, parse_in};

pub(crate) const PARSE_DATE_TIME: Function = Function {
    name: "parseDateTime",
    summary: "Parses a timestamp written in a locale (and optionally an exact format) into ISO 8601 ('o').",
    params: &[
        param(
            "timestamp",
            Ty::String,
            "The text to parse, e.g. '20/10/2014' or '20 octobre 2010'.",
        ),
        optional(
            "locale",
            Ty::String,
            "The culture the text is written in; default 'en-US'.",
        ),
        optional(
            "format",
            Ty::String,
            "An exact .NET date/time format the text must match, e.g. 'ddMMyyyy'; default: any common form of the locale.",
        ),
    ],
    returns: Ty::Timestamp,
    imp: Eager(parse_date_time),
    examples: &[
        ok(
            "parseDateTime('20/10/2014', 'fr-fr')",
            r#""2014-10-20T00:00:00.0000000""#,
        ),
        ok(
            "parseDateTime('20 octobre 2010', 'fr-FR')",
            r#""2010-10-20T00:00:00.0000000""#,
        ),
        ok(
            "parseDateTime('martes 20 octubre 2020', 'es-es')",
            r#""2020-10-20T00:00:00.0000000""#,
        ),
        ok(
            "parseDateTime('21052019', 'fr-fr', 'ddMMyyyy')",
            r#""2019-05-21T00:00:00.0000000""#,
        ),
        ok(
            "parseDateTime('10/20/2014 15h', 'en-US', 'MM/dd/yyyy HH\\h')",
            r#""2014-10-20T15:00:00.0000000""#,
        ),
        ok(
            "parseDateTime('2014-10-20T15:00:00Z')",
            r#""2014-10-20T15:00:00.0000000Z""#,
        ),
        fails("parseDateTime('20/10/2014')", "could not be parsed"),
        fails(
            "parseDateTime('2014', 'en-US', 'yyyy''')",
            "is never closed",
        ),
    ],
};

fn parse_date_time(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let culture = locale(&call, 1)?;
    let parsed = match call.optional_string(2)? {
        None => parse_in(text, culture, Some(today(&call))),
        Some(format) => parse_exact(text, format, culture, today(&call))
            .map_err(|e| {
                call.error(format_args!(
                    "expects a valid .NET date and time format. {e}"
                ))
            })?
            .map(|(local, kind)| Timestamp::new(local, kind)),
    };
    let Some(ts) = parsed else {
        let how = match call.optional_string(2)? {
            Some(format) => format!(" with the format '{format}'"),
            None => String::new(),
        };
        return Err(call.error(format_args!(
            "could not parse '{text}' as a timestamp in the locale '{}'{how}: the string could not be parsed as a valid date and time.",
            if culture.name.is_empty() { "invariant" } else { culture.name },
        )));
    };
    render(&call, ts, "o", culture)
}
