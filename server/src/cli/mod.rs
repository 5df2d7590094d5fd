//! Command-line interface: subcommands mirror what users do.
//!
//! - `flowline serve` — run the server (API, Request triggers) on an embedded SQLite database by
//!   default, or PostgreSQL with `--database-url postgres://…`.
//! - `flowline validate FILE…` — print each file's diagnostics; exit 1 if any has errors.
//! - `flowline run FILE --trigger-body JSON` — run a definition locally, without a server, and
//!   print every action's status, inputs and outputs.
//! - `flowline expr eval [--context FILE] [--json] [EXPR]` — evaluate an expression; exit 1 if it
//!   fails, 2 on bad input.

mod expr;
mod run;
mod serve;
mod validate;

use crate::config::ServeConfig;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Flowline: a workflow automation server that runs Logic Apps workflow definitions.
#[derive(Debug, Parser)]
#[command(name = "flowline", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the server.
    Serve(ServeConfig),
    /// Validate workflow definition files and print their diagnostics.
    Validate {
        /// Definition files (bare, Standard workflow.json or ARM templates).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run a workflow definition locally and print each action's result.
    Run(run::RunArgs),
    /// Work with expressions.
    Expr {
        #[command(subcommand)]
        command: expr::ExprCommand,
    },
}

impl Cli {
    /// Executes the chosen command.
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        match self.command {
            Command::Serve(config) => serve::serve(config).await.map(|()| ExitCode::SUCCESS),
            Command::Validate { files, json } => Ok(validate::validate(&files, json)),
            Command::Run(args) => run::run(args).await,
            Command::Expr { command } => Ok(command.run()),
        }
    }
}

/// Logs to stderr; `RUST_LOG` (or `FLOWLINE_LOG`) sets the filter, default `info`.
pub fn init_logging() {
    let filter = std::env::var("FLOWLINE_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info,sqlx=warn".to_string());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// Installs the process-wide TLS crypto provider (ring) once.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
