//! Switch: evaluate `expression`, run the first case whose `case` value equals it (as `equals()`
//! compares: `1` equals `1.0`, strings case-sensitively), else `default`. The other branches'
//! actions are Skipped with `ActionBranchingConditionNotSatisfied`; the Switch takes the status of
//! the branch it ran and records `{"expressionValue": v}` as its inputs.

use super::Done;
use crate::outcome::{Outcome, SkipReason};
use crate::prepare::ContainerKey;
use crate::run::{Ctx, container_outcome, run_container, skip_all, skip_containers};
use flowline_expr::{JsonTemplate, Value as ExprValue, call_function};
use flowline_model::{Action, Actions, SwitchCase};
use flowline_storage::Status;
use serde_json::{Value, json};

pub(super) async fn execute(
    ctx: &Ctx<'_>,
    action: &Action,
    expression: &JsonTemplate,
    cases: &[SwitchCase],
    default: &Actions,
) -> Done {
    // In a resumed run the branch that already did work decides; the expression is not evaluated
    // again against today's state.
    let recorded = recorded_choice(ctx, cases, default);
    let value = match recorded {
        Some(_) => ctx
            .state
            .replay()
            .and_then(|r| r.final_of(&action.name, &ctx.repetition))
            .and_then(|r| r.inputs.as_ref()?.get("expressionValue").cloned())
            .unwrap_or(Value::Null),
        None => match expression.evaluate(&ctx.scope()) {
            Ok(v) => v,
            Err(e) => {
                let reason = SkipReason::DependencyFailed {
                    predecessor: action.name.clone(),
                    expected: vec![Status::Succeeded],
                    actual: Status::Failed,
                };
                skip_containers(ctx, action, &reason).await;
                let message = format!("Unable to process template language expressions for action '{}': {}", action.name, e.message);
                return Done { outcome: Outcome::failed("InvalidTemplate", message), inputs: None, loop_result: None };
            }
        },
    };
    let chosen = match recorded {
        Some(choice) => choice,
        None => cases.iter().position(|c| equals(ctx, &c.value, &value)),
    };
    for (i, case) in cases.iter().enumerate() {
        if Some(i) != chosen {
            skip_all(ctx, &case.actions, &SkipReason::BranchNotTaken).await;
        }
    }
    let (key, actions) = match chosen {
        Some(i) => {
            skip_all(ctx, default, &SkipReason::BranchNotTaken).await;
            (ContainerKey::Case(action.name.clone(), cases[i].name.clone()), &cases[i].actions)
        }
        None => (ContainerKey::Default(action.name.clone()), default),
    };
    let status = run_container(ctx, key, actions).await;
    Done { outcome: container_outcome(ctx, status), inputs: Some(json!({ "expressionValue": value })), loop_result: None }
}

/// In a resumed run, the branch that already recorded work: `Some(Some(case))`, `Some(None)` for
/// the default, `None` when nothing tells.
fn recorded_choice(ctx: &Ctx<'_>, cases: &[SwitchCase], default: &Actions) -> Option<Option<usize>> {
    let replay = ctx.state.replay()?;
    let worked = |actions: &Actions| replay.worked(crate::run::nested_names(actions).into_iter(), &ctx.repetition);
    if let Some(i) = cases.iter().position(|c| worked(&c.actions)) {
        return Some(Some(i));
    }
    worked(default).then_some(None)
}

/// Logic Apps' `equals(case, value)`.
fn equals(ctx: &Ctx<'_>, case: &Value, value: &Value) -> bool {
    let args = vec![ExprValue::from(case), ExprValue::from(value)];
    matches!(call_function("equals", args, &ctx.scope()), Ok(ExprValue::Bool(true)))
}
