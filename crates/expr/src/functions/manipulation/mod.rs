//! JSON and XML manipulation functions: `coalesce` (`setProperty`, `addProperty`, … to come).

crate::functions::category! {
    coalesce: [COALESCE],
}
