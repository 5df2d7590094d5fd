//! Server configuration, layered: built-in defaults, then `FLOWLINE_*` environment variables, then
//! command-line flags (clap reads both, flags win).
//!
//! | setting | flag | variable | default |
//! |---|---|---|---|
//! | listen address | `--listen` | `FLOWLINE_LISTEN` | `127.0.0.1:7070` |
//! | data directory | `--data-dir` | `FLOWLINE_DATA_DIR` | `./flowline-data` |
//! | database URL | `--database-url` | `FLOWLINE_DATABASE_URL` | `sqlite://<data-dir>/flowline.db` |
//! | public base URL | `--public-url` | `FLOWLINE_PUBLIC_URL` | `http://<listen>` |
//! | Response wait | `--response-timeout-secs` | `FLOWLINE_RESPONSE_TIMEOUT_SECS` | `120` |
//! | max request body | `--max-body-bytes` | `FLOWLINE_MAX_BODY_BYTES` | `16777216` |
//! | journal group commit | `--group-commit` | `FLOWLINE_GROUP_COMMIT` | `true` |
//! | run duration limit (ISO 8601) | `--max-run-duration` | `FLOWLINE_MAX_RUN_DURATION` | `P90D` |

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7070";

/// Settings of `flowline serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "FLOWLINE_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Directory for the embedded SQLite database.
    #[arg(long, env = "FLOWLINE_DATA_DIR", default_value = "./flowline-data")]
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://FILE` or `postgres://…` (default: SQLite in the data directory).
    #[arg(long, env = "FLOWLINE_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Base URL callers use to reach this server (for callback URLs and Location headers).
    #[arg(long, env = "FLOWLINE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How long a Request trigger caller waits for the workflow's Response before getting 504.
    #[arg(long, env = "FLOWLINE_RESPONSE_TIMEOUT_SECS", default_value_t = 120)]
    pub response_timeout_secs: u64,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "FLOWLINE_MAX_BODY_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Commit the journal entries of many runs in one transaction (`false`: one submission per
    /// transaction; slower, for comparison). Accepts true/false, yes/no, on/off, 1/0.
    #[arg(long, env = "FLOWLINE_GROUP_COMMIT", default_value_t = true, action = clap::ArgAction::Set,
        value_parser = clap::builder::BoolishValueParser::new())]
    pub group_commit: bool,
    /// Longest a run may last before it ends `TimedOut` (`WorkflowRunTimedOut`), as an ISO 8601
    /// duration (Logic Apps Consumption: 90 days).
    #[arg(long, env = "FLOWLINE_MAX_RUN_DURATION", default_value = "P90D", value_parser = iso_duration)]
    pub max_run_duration: Duration,
    /// How long a run's lease lasts without renewal, as an ISO 8601 duration: when a node stops
    /// (a crash, a kill) another node sharing the PostgreSQL database resumes its runs after this.
    #[arg(long, env = "FLOWLINE_LEASE_TTL", default_value = "PT30S", value_parser = iso_duration)]
    pub lease_ttl: Duration,
    /// This node's name in run leases (default: a random id per process).
    #[arg(long, env = "FLOWLINE_NODE_ID")]
    pub node_id: Option<String>,
}

/// Parses an ISO 8601 duration argument (`P90D`, `PT12H`).
fn iso_duration(text: &str) -> Result<Duration, String> {
    flowline_engine::parse_duration(text)
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("'{text}' is not a positive ISO 8601 duration such as P90D or PT12H"))
}

impl ServeConfig {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("flowline.db").display()))
    }

    /// The engine's settings.
    pub fn engine(&self) -> flowline_engine::EngineConfig {
        let defaults = flowline_engine::EngineConfig::default();
        flowline_engine::EngineConfig {
            max_run_duration: self.max_run_duration,
            lease_ttl: self.lease_ttl,
            node_id: self.node_id.clone().unwrap_or(defaults.node_id.clone()),
            ..defaults
        }
    }

    /// How the store writes its journal.
    pub fn store_options(&self) -> flowline_storage_sqlx::StoreOptions {
        flowline_storage_sqlx::StoreOptions { group_commit: self.group_commit }
    }

    /// Settings the HTTP layer needs.
    pub fn api(&self, bound: SocketAddr) -> ApiConfig {
        ApiConfig {
            public_url: self.public_url.clone().unwrap_or_else(|| format!("http://{bound}")),
            response_timeout: Duration::from_secs(self.response_timeout_secs),
            max_body_bytes: self.max_body_bytes,
        }
    }
}

/// What the HTTP API needs to know.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Base URL for links.
    pub public_url: String,
    /// Response wait limit.
    pub response_timeout: Duration,
    /// Body size limit.
    pub max_body_bytes: usize,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            public_url: format!("http://{DEFAULT_LISTEN}"),
            response_timeout: Duration::from_secs(120),
            max_body_bytes: 16 * 1024 * 1024,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeConfig,
    }

    fn parse(args: &[&str]) -> ServeConfig {
        let args = std::iter::once("flowline").chain(args.iter().copied());
        Cli::try_parse_from(args).expect("arguments parse").serve
    }

    #[test]
    fn group_commit_is_on_unless_switched_off() {
        assert!(parse(&[]).store_options().group_commit);
        assert!(!parse(&["--group-commit", "false"]).store_options().group_commit);
        assert!(!parse(&["--group-commit", "off"]).store_options().group_commit);
        assert!(parse(&["--group-commit", "yes"]).store_options().group_commit);
        assert!(Cli::try_parse_from(["flowline", "--group-commit", "sometimes"]).is_err());
    }

    #[test]
    fn run_duration_limit_defaults_to_ninety_days_and_reads_iso_8601() {
        assert_eq!(parse(&[]).engine().max_run_duration, Duration::from_secs(90 * 86_400));
        assert_eq!(parse(&["--max-run-duration", "PT12H"]).engine().max_run_duration, Duration::from_secs(12 * 3_600));
        assert!(Cli::try_parse_from(["flowline", "--max-run-duration", "12 hours"]).is_err());
        assert!(Cli::try_parse_from(["flowline", "--max-run-duration", "PT0S"]).is_err());
    }
}
