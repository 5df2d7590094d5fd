//! The behavioural suite of `flowline-storage-sqlx`: every test body runs against a fresh SQLite
//! file and a fresh PostgreSQL database (see `store/harness.rs`).

mod batches;
mod build;
mod harness;
mod journal;
mod leases;
mod listing;
mod workflows;
