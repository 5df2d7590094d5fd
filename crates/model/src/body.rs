//! Control-flow bodies: `If`, `Scope`, `Foreach`, `Until`, `Switch` and agent tools.

use crate::actions::{Actions, has_operation_option};
use crate::build::Builder;
use crate::condition::Condition;
use crate::diagnostics::{Diagnostic, DiagnosticCode, push_pointer};
use crate::types::ActionType;
use flowline_expr::JsonTemplate;
use serde_json::{Map, Value};

/// The type-specific structure of an action.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionBody {
    /// A leaf operation (everything that is not a container).
    Operation,
    /// Condition with then/else branches.
    If {
        /// `expression`.
        condition: Condition,
        /// Then-branch.
        actions: Actions,
        /// `else.actions`.
        else_actions: Actions,
    },
    /// A group of actions.
    Scope {
        /// Nested actions.
        actions: Actions,
    },
    /// Loop over an array.
    Foreach {
        /// The `foreach` expression.
        items: JsonTemplate,
        /// Loop body.
        actions: Actions,
        /// `operationOptions: "Sequential"`.
        sequential: bool,
        /// `runtimeConfiguration.concurrency.repetitions`.
        concurrency: Option<u32>,
    },
    /// Do-while loop.
    Until {
        /// Exit condition.
        condition: Condition,
        /// Loop body.
        actions: Actions,
        /// `limit.count` as written (number or expression).
        count: Option<Value>,
        /// `limit.timeout` (ISO-8601 duration or expression).
        timeout: Option<String>,
    },
    /// Switch on a value.
    Switch {
        /// The switched-on expression.
        expression: JsonTemplate,
        /// Cases in document order.
        cases: Vec<SwitchCase>,
        /// `default.actions`.
        default: Actions,
    },
    /// An AI agent whose `tools` each hold a container of actions.
    Agent {
        /// Tools in document order.
        tools: Vec<AgentTool>,
    },
}

/// One `cases` entry of a `Switch`.
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchCase {
    /// Case name (key in `cases`).
    pub name: String,
    /// The `case` value compared with the expression.
    pub value: Value,
    /// Case body.
    pub actions: Actions,
}

/// One `tools` entry of an `Agent`.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentTool {
    /// Tool name (key in `tools`).
    pub name: String,
    /// Tool body.
    pub actions: Actions,
}

impl ActionBody {
    /// Nested action containers, in document order.
    pub fn containers(&self) -> Vec<&Actions> {
        match self {
            ActionBody::Operation => Vec::new(),
            ActionBody::If {
                actions,
                else_actions,
                ..
            } => vec![actions, else_actions],
            ActionBody::Scope { actions }
            | ActionBody::Foreach { actions, .. }
            | ActionBody::Until { actions, .. } => {
                vec![actions]
            }
            ActionBody::Switch { cases, default, .. } => cases
                .iter()
                .map(|c| &c.actions)
                .chain(std::iter::once(default))
                .collect(),
            ActionBody::Agent { tools } => tools.iter().map(|t| &t.actions).collect(),
        }
    }

    pub(crate) fn parse(
        t: &ActionType,
        object: &Map<String, Value>,
        pointer: &str,
        b: &mut Builder,
    ) -> ActionBody {
        let nested = |b: &mut Builder| {
            Actions::parse(object.get("actions"), &push_pointer(pointer, "actions"), b)
        };
        match t {
            ActionType::If => ActionBody::If {
                condition: required_condition(object, pointer, b),
                actions: nested(b),
                else_actions: branch(object, "else", pointer, b),
            },
            ActionType::Scope => ActionBody::Scope { actions: nested(b) },
            ActionType::Foreach => ActionBody::Foreach {
                items: required(object, "foreach", pointer, b),
                actions: nested(b),
                sequential: has_operation_option(object.get("operationOptions"), "Sequential"),
                concurrency: object
                    .get("runtimeConfiguration")
                    .and_then(|r| r.get("concurrency"))
                    .and_then(|c| c.get("repetitions"))
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok()),
            },
            ActionType::Until => {
                let limit = object.get("limit");
                ActionBody::Until {
                    condition: required_condition(object, pointer, b),
                    actions: nested(b),
                    count: limit.and_then(|l| l.get("count")).cloned(),
                    timeout: limit
                        .and_then(|l| l.get("timeout"))
                        .and_then(Value::as_str)
                        .map(str::to_string),
                }
            }
            ActionType::Switch => ActionBody::Switch {
                expression: required(object, "expression", pointer, b),
                cases: parse_cases(object, pointer, b),
                default: branch(object, "default", pointer, b),
            },
            ActionType::Agent => ActionBody::Agent {
                tools: parse_tools(object, pointer, b),
            },
            _ => ActionBody::Operation,
        }
    }
}

/// A required expression-bearing member; missing → `InvalidDefinitionShape`.
fn required(
    object: &Map<String, Value>,
    key: &str,
    pointer: &str,
    b: &mut Builder,
) -> JsonTemplate {
    if !object.contains_key(key) {
        b.push(missing_member(key, pointer));
    }
    b.compile_member(object, key, pointer)
}

fn required_condition(object: &Map<String, Value>, pointer: &str, b: &mut Builder) -> Condition {
    match object.get("expression") {
        Some(v) => Condition::parse(v, &push_pointer(pointer, "expression"), b),
        None => {
            b.push(missing_member("expression", pointer));
            Condition::Expr(JsonTemplate::Literal(Value::Null))
        }
    }
}

fn missing_member(key: &str, pointer: &str) -> Diagnostic {
    Diagnostic::error(
        DiagnosticCode::InvalidDefinitionShape,
        pointer,
        format!("control action is missing `{key}`"),
    )
    .with_hint(format!("add a `{key}` member to the action"))
}

/// `else` / `default`: `{ "actions": {...} }`.
fn branch(object: &Map<String, Value>, key: &str, pointer: &str, b: &mut Builder) -> Actions {
    let branch_pointer = push_pointer(pointer, key);
    let inner = match object.get(key) {
        Some(v) => b
            .object(v, &branch_pointer, &format!("`{key}`"))
            .and_then(|o| o.get("actions")),
        None => None,
    };
    Actions::parse(inner, &push_pointer(&branch_pointer, "actions"), b)
}

fn parse_cases(object: &Map<String, Value>, pointer: &str, b: &mut Builder) -> Vec<SwitchCase> {
    let cases_pointer = push_pointer(pointer, "cases");
    let Some(cases) = object
        .get("cases")
        .and_then(|c| b.object(c, &cases_pointer, "`cases`"))
    else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(cases.len());
    for (name, case) in cases {
        let case_pointer = push_pointer(&cases_pointer, name);
        let Some(case_object) = b.object(case, &case_pointer, &format!("case `{name}`")) else {
            continue;
        };
        out.push(SwitchCase {
            name: name.clone(),
            value: case_object.get("case").cloned().unwrap_or(Value::Null),
            actions: Actions::parse(
                case_object.get("actions"),
                &push_pointer(&case_pointer, "actions"),
                b,
            ),
        });
    }
    out
}

fn parse_tools(object: &Map<String, Value>, pointer: &str, b: &mut Builder) -> Vec<AgentTool> {
    let tools_pointer = push_pointer(pointer, "tools");
    let Some(tools) = object
        .get("tools")
        .and_then(|c| b.object(c, &tools_pointer, "`tools`"))
    else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(tools.len());
    for (name, tool) in tools {
        let tool_pointer = push_pointer(&tools_pointer, name);
        let Some(tool_object) = b.object(tool, &tool_pointer, &format!("tool `{name}`")) else {
            continue;
        };
        out.push(AgentTool {
            name: name.clone(),
            actions: Actions::parse(
                tool_object.get("actions"),
                &push_pointer(&tool_pointer, "actions"),
                b,
            ),
        });
    }
    out
}
