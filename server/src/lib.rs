//! The `flowline` server: the HTTP API over the engine and storage, the Request trigger endpoint,
//! and the CLI commands. This crate is the composition root: it opens the store, builds the
//! engine and wires both into the router.
//!
//! # Layout
//! - [`config`]: layered settings (defaults → `FLOWLINE_*` → flags).
//! - [`app`]: shared state, router, serve loop.
//! - `api`: handlers by resource (workflows, triggers, runs, expressions) and the OpenAPI document.
//! - [`error`]: JSON errors.
//! - [`host`]: what the engine asks of the server (callback URLs, child workflow calls).
//! - [`triggers`]: the scheduler of Recurrence and Http polling triggers.
//! - [`cli`]: `serve`, `validate`, `run`, `expr eval`.

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod error;
pub mod host;
pub mod triggers;

pub use app::{AppState, router, serve};
