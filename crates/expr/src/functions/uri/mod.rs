//! URI parsing functions: `uriHost`, `uriPath`, `uriPathAndQuery`, `uriPort`, `uriQuery`,
//! `uriScheme` (to come).

crate::functions::category! {}
