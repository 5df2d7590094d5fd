//! Date and time functions: `utcNow` (the rest of the catalogue comes with the date work;
//! arguments are read with `Call::timestamp`, formatted with `crate::datetime_format`).

crate::functions::category! {
    utc_now: [UTC_NOW],
}
