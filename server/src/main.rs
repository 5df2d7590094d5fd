//! The `flowline` binary. See `flowline --help`.

use clap::Parser;

// Runs allocate many small JSON values; mimalloc handles that much better than glibc's malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = flowline_server::cli::Cli::parse();
    flowline_server::cli::init_logging();
    match cli.run().await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
