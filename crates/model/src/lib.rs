//! Workflow definitions in the Logic Apps Workflow Definition Language (WDL): lossless
//! loading, a typed read-only model, and validation diagnostics.
//!
//! ```
//! let doc = flowline_model::load(r#"{"definition": {
//!     "triggers": {"manual": {"type": "Request", "kind": "Http"}},
//!     "actions": {"Hello": {"type": "compose", "inputs": "@triggerBody()"}}
//! }, "kind": "Stateful"}"#).unwrap();
//! assert_eq!(doc.shape, flowline_model::Shape::Standard);
//! let def = doc.definition().unwrap();
//! assert_eq!(def.actions.get("Hello").unwrap().action_type, flowline_model::ActionType::Compose);
//! assert!(flowline_model::validate(&doc, &flowline_model::AllTypes).is_empty());
//! ```
//!
//! Principles:
//! - **Lossless.** [`Document::json`] is the source of truth; the typed model is a view that
//!   keeps JSON pointers (from the document root) and raw objects. Nothing is rebuilt from the
//!   typed structs, so load → save returns the same keys, order and values.
//! - **Lenient like Logic Apps.** Type names, `runAfter` statuses and variable types match
//!   case-insensitively. Unknown action/trigger types are reported and kept, never dropped.
//! - **Never panics on input.** Malformed JSON is a [`LoadError`] (with line and column);
//!   everything else becomes a [`Diagnostic`] with a stable code, a JSON-pointer path, a
//!   message and a hint. A document without any definition loads with shape
//!   [`Shape::Unknown`] and a `NoDefinition` diagnostic at path `""`.
//!
//! # Layout
//! - [`parse`] — JSON parsing that records duplicate keys (bounded recursion), [`LoadError`].
//! - [`document`] — shape detection (bare, Standard, ARM, gallery), [`Document`], [`load`].
//! - [`definition`] — [`Definition`], parameters, outputs, ARM template expression scan.
//! - [`trigger`] — [`Trigger`] and Request-trigger helpers.
//! - [`actions`] — [`Actions`], [`Action`], `runAfter`.
//! - [`body`] — control-flow bodies ([`ActionBody`]: If, Scope, Foreach, Until, Switch, Agent).
//! - [`condition`] — [`Condition`] (expression and object forms) and its evaluation.
//! - [`types`] — action/trigger/parameter/variable types and run-after statuses.
//! - [`validate`] — graph (`runAfter`), limit, concurrency, control-action (Switch, Terminate,
//!   Until) and capability checks.
//! - [`diagnostics`] — [`Diagnostic`], [`DiagnosticCode`], pointer and suggestion helpers.

pub mod actions;
pub mod body;
mod build;
pub mod condition;
pub mod definition;
pub mod diagnostics;
pub mod document;
pub mod parse;
pub mod trigger;
pub mod types;
pub mod validate;

pub use actions::{Action, Actions, RunAfter};
pub use body::{ActionBody, AgentTool, SwitchCase};
pub use condition::Condition;
pub use definition::{Definition, OutputDef, ParameterDef, is_arm_expression};
pub use diagnostics::{Diagnostic, DiagnosticCode, Severity};
pub use document::{Document, Shape, WorkflowEntry, load, load_value};
pub use parse::LoadError;
pub use trigger::Trigger;
pub use types::{ActionType, ParamType, RunAfterStatus, TriggerType, VariableType};
pub use validate::{AllTypes, Capabilities, validate, validate_definition};
