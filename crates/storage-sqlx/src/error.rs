//! Mapping of sqlx errors onto [`StorageError`]: details go to the log, callers get a short message
//! without SQL text.

use flowline_storage::StorageError;

/// Returns a mapper for errors of the named operation (`"list runs"`, ...).
pub(crate) fn db(operation: &'static str) -> impl Fn(sqlx::Error) -> StorageError {
    move |err| map(operation, &err)
}

/// Maps one sqlx error, logging its details.
pub(crate) fn map(operation: &'static str, err: &sqlx::Error) -> StorageError {
    if let sqlx::Error::Database(db_err) = err {
        if db_err.is_unique_violation() {
            tracing::debug!(operation, error = %err, "storage conflict");
            return StorageError::Conflict(format!("{operation}: the record already exists"));
        }
        if db_err.is_foreign_key_violation() {
            tracing::debug!(operation, error = %err, "storage reference missing");
            return StorageError::NotFound(format!("{operation}: a referenced workflow or run"));
        }
    }
    tracing::error!(operation, error = %err, "storage backend error");
    StorageError::Backend(format!("{operation} failed"))
}

/// Maps a migration failure at open.
pub(crate) fn migrate(err: sqlx::migrate::MigrateError) -> StorageError {
    tracing::error!(error = %err, "database migration failed");
    StorageError::Backend(format!("database migration failed: {err}"))
}

/// Maps a failure to encode a bound value.
pub(crate) fn bind(operation: &'static str, err: &dyn std::error::Error) -> StorageError {
    tracing::error!(operation, error = %err, "cannot bind argument");
    StorageError::Backend(format!("{operation} failed"))
}
