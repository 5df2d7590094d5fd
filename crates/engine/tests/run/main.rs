//! Runs of real workflows through [`flowline_engine::Engine`] on a fresh SQLite file per test,
//! with Http actions calling a loopback server: concurrency of parallel branches, Terminate and
//! cancel, the journal (attempts, evaluated inputs and outputs, meters), Response and variables,
//! Foreach, Until and Switch.

mod foreach;
mod harness;
mod journal;
mod parallel;
mod response;
mod retries;
mod stopping;
mod switch;
mod until;
mod variables;
mod join_table;
mod ops;
mod parse_json;
mod select_query;
mod variable_updates;
mod wait;
mod limits;
mod async_http;
mod secure_data;
mod static_results;
