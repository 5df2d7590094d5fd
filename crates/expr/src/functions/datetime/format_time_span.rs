//! `formatTimeSpan(timeSpan, format?, locale?)` (in the designer's catalogue, not in Microsoft's
//! reference): .NET `TimeSpan.ToString(format, culture)` for TimeSpan text such as
//! `dateDifference` returns.

use super::args::locale;
use super::time_span::parse;
use crate::functions::prelude::*;

pub(crate) const FORMAT_TIME_SPAN: Function = Function {
    name: "formatTimeSpan",
    summary: "Formats a .NET TimeSpan string ('d.hh:mm:ss') with a standard ('c', 'g', 'G') or custom TimeSpan format.",
    params: &[
        param(
            "timeSpan",
            Ty::String,
            "A TimeSpan string, e.g. '1268.00:00:00' or '-01:30:00'.",
        ),
        optional(
            "format",
            Ty::String,
            "'c' (default), 'g', 'G', or a custom TimeSpan format such as 'd\\.hh\\:mm' (literals must be quoted or escaped).",
        ),
        optional(
            "locale",
            Ty::String,
            "The culture for the decimal separator of 'g' and 'G'; default 'en-US'.",
        ),
    ],
    returns: Ty::String,
    imp: Eager(format_time_span),
    examples: &[
        ok("formatTimeSpan('1268.00:00:00', 'g')", r#""1268:0:00:00""#),
        ok(
            "formatTimeSpan('01:02:03.5', 'G', 'de-DE')",
            r#""0:01:02:03,5000000""#,
        ),
        ok(
            "formatTimeSpan('1.02:03:04', 'd''d ''hh''h''')",
            r#""1d 02h""#,
        ),
        ok("formatTimeSpan('-00:30:00', 'c')", r#""-00:30:00""#),
        fails(
            "formatTimeSpan('1268.00:00:00', 'hh:mm')",
            "is not a valid time span format",
        ),
        fails("formatTimeSpan('soon', 'c')", "is not a valid TimeSpan"),
    ],
};

fn format_time_span(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    let format = call.optional_string(1)?.unwrap_or("c");
    let culture = locale(&call, 2)?;
    let span = parse(text).ok_or_else(|| {
        call.error(format_args!(
            "expects its first parameter to be a TimeSpan string such as '1.02:03:04.5'; '{text}' is not a valid TimeSpan."
        ))
    })?;
    let formatted = span
        .format(format, culture)
        .map_err(|e| call.error(format_args!("expects a valid .NET TimeSpan format. {e}")))?;
    call.checked_text(formatted)
}
