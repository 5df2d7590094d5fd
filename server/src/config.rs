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
}

impl ServeConfig {
    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("flowline.db").display()))
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
