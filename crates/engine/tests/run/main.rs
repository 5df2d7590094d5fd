//! Runs of real workflows through [`flowline_engine::Engine`] on a fresh SQLite file per test,
//! with Http actions calling a loopback server: concurrency of parallel branches, Terminate and
//! cancel, the journal (attempts, evaluated inputs and outputs, meters), Response and variables.

mod harness;
mod journal;
mod parallel;
mod response;
mod stopping;
mod variables;
