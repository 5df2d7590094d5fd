//! `flowline serve`.

use crate::app::{AppState, router, serve as serve_router};
use crate::config::ServeConfig;
use anyhow::Context;
use flowline_engine::Engine;

/// Opens the store, starts the engine and serves until Ctrl-C / SIGTERM.
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    crate::cli::install_crypto();
    let url = config.database_url();
    if url.starts_with("sqlite:") || !url.contains("://") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating the data directory {}", config.data_dir.display()))?;
    }
    let store = flowline_storage_sqlx::open_with(&url, config.store_options()).await.with_context(|| format!("opening the database {}", redact(&url)))?;
    let engine = Engine::new(store.clone(), config.engine());
    // Runs a previous process left in progress continue from their journal; then the lease
    // keeper renews this node's leases and takes over runs whose node stopped.
    engine.recover().await.context("resuming runs in progress")?;
    let _lease_keeper = engine.spawn_lease_keeper();
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let bound = listener.local_addr()?;
    let state = AppState::new(store.clone(), engine.clone(), config.api(bound));
    tracing::info!(address = %bound, database = %redact(&url), "Flowline is listening; API at http://{bound}/api");
    println!("Flowline listening on http://{bound}");
    // Recurrence and Http polling triggers, on the system clock.
    let clock = std::sync::Arc::new(flowline_engine::SystemClock);
    let scheduler = crate::triggers::Scheduler::start(state.clone(), clock, Default::default());
    serve_router(listener, router(state), shutdown_signal()).await?;
    scheduler.shutdown().await;
    // Runs still executing get a grace period; the rest are left to be resumed (leases released).
    engine.drain(std::time::Duration::from_secs(30)).await;
    // Everything journaled so far is committed before the process exits.
    store.close().await.context("flushing the journal")?;
    Ok(())
}

/// Hides a password in a database URL.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_hides_passwords_only() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
