//! The Flowline connector SDK: what an integrator implements to add a connector.
//!
//! A connector describes itself ([`ConnectorDescriptor`]: id, display name, billing tier, its
//! connection parameters and its operations, each with JSON Schemas) and executes operations
//! ([`Connector::execute`]) given evaluated inputs and an [`ExecutionContext`]. Errors say whether
//! the engine should retry ([`ConnectorError`]).
//!
//! This is the skeleton the engine and server are built against; the built-in connectors, triggers,
//! dynamic options and the compliance kit arrive with the connectors work.
//!
//! # Layout
//! Everything is in this file while the SDK is small: descriptors, the [`Connector`] trait, the
//! execution context, errors and the [`Registry`].
#![warn(missing_docs)]

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How executions of a connector's operations are billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BillingTier {
    /// Built-in operation.
    BuiltIn,
    /// Standard connector.
    Standard,
    /// Enterprise connector.
    Enterprise,
}

/// One operation (action) a connector offers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationDescriptor {
    /// Stable id, used as `operationId` in definitions.
    pub id: String,
    /// Name shown in the designer.
    pub display_name: String,
    /// What it does.
    pub description: String,
    /// JSON Schema of `inputs.parameters`.
    pub inputs_schema: Value,
    /// JSON Schema of the outputs.
    pub outputs_schema: Value,
}

/// What a connector declares about itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorDescriptor {
    /// Stable id, used as `serviceProviderId` in definitions.
    pub id: String,
    /// Name shown in the designer.
    pub display_name: String,
    /// What it connects to.
    pub description: String,
    /// Billing tier of its operations.
    pub tier: BillingTier,
    /// JSON Schema of its connection parameters (secrets marked with `"x-secret": true`).
    pub connection_schema: Value,
    /// Its operations.
    pub operations: Vec<OperationDescriptor>,
}

/// What an operation execution may use.
#[derive(Debug, Clone)]
pub struct ExecutionContext {
    /// Idempotency key of this attempt (stable across a replay of the same attempt).
    pub idempotency_key: String,
    /// Connection parameters, secrets decrypted.
    pub connection: Value,
}

/// Why an operation failed, and whether to retry it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ConnectorError {
    /// Transient: the engine retries per the action's retry policy.
    #[error("{code}: {message} (retryable)")]
    Retryable {
        /// Error code.
        code: String,
        /// Message.
        message: String,
    },
    /// Permanent: the action fails.
    #[error("{code}: {message}")]
    Fatal {
        /// Error code.
        code: String,
        /// Message.
        message: String,
    },
    /// The execution was cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// A connector implementation.
#[async_trait]
pub trait Connector: Send + Sync + 'static {
    /// Its self-description.
    fn descriptor(&self) -> &ConnectorDescriptor;
    /// Executes `operation` with evaluated `inputs`; returns its outputs.
    async fn execute(&self, operation: &str, inputs: Value, ctx: &ExecutionContext) -> Result<Value, ConnectorError>;
}

/// The connectors a server offers, by id (case-insensitive lookup).
#[derive(Default, Clone)]
pub struct Registry {
    connectors: BTreeMap<String, Arc<dyn Connector>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a connector (replacing one with the same id).
    pub fn register(&mut self, connector: Arc<dyn Connector>) {
        self.connectors.insert(connector.descriptor().id.to_ascii_lowercase(), connector);
    }

    /// A connector by id.
    pub fn get(&self, id: &str) -> Option<&Arc<dyn Connector>> {
        self.connectors.get(&id.to_ascii_lowercase())
    }

    /// All descriptors, by id.
    pub fn descriptors(&self) -> Vec<&ConnectorDescriptor> {
        self.connectors.values().map(|c| c.descriptor()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo(ConnectorDescriptor);

    #[async_trait]
    impl Connector for Echo {
        fn descriptor(&self) -> &ConnectorDescriptor {
            &self.0
        }
        async fn execute(&self, _op: &str, inputs: Value, _ctx: &ExecutionContext) -> Result<Value, ConnectorError> {
            Ok(inputs)
        }
    }

    #[test]
    fn registry_finds_connectors_case_insensitively() {
        let mut r = Registry::new();
        r.register(Arc::new(Echo(ConnectorDescriptor {
            id: "Echo".into(),
            display_name: "Echo".into(),
            description: "returns its inputs".into(),
            tier: BillingTier::Standard,
            connection_schema: serde_json::json!({"type": "object"}),
            operations: vec![],
        })));
        assert!(r.get("echo").is_some());
        assert_eq!(r.descriptors().len(), 1);
        assert!(r.get("nope").is_none());
    }
}
