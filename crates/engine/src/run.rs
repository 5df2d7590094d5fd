//! The driver: executes one run. Each container (top level, Scope, If branch, Switch case, one
//! loop iteration) is driven by its pure [`ContainerRun`] state machine; the driver performs the
//! steps it answers — start an action, record a skip — runs ready actions concurrently, journals
//! every attempt with its meter, and feeds completions back. Loops and Switch live in
//! [`crate::control`]; they call back into [`run_container`] for each body they run.

use crate::actions;
use crate::engine::{EngineConfig, Inner, RunOutcome};
use crate::graph::{ContainerRun, Step};
use crate::outcome::{Outcome, SkipReason, error};
use crate::prepare::{ContainerKey, PreparedWorkflow};
use crate::scope::RunScope;
use crate::state::{ActionResult, LoopFrame, RunState, Stop};
use chrono::{DateTime, Utc};
use flowline_model::{Action, ActionBody, Actions, Trigger};
use flowline_storage::{
    ActionAttemptRecord, JournalEntry, MeterCategory, MeterRecord, RepetitionIndex, Status, attempt_key,
};
use futures::FutureExt;
use futures::future::BoxFuture;
use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::{Map, Value, json};
use std::collections::VecDeque;
use std::sync::Arc;

/// Runs the whole workflow and records its end. Returns how it ended.
pub(crate) async fn drive(inner: &Inner, state: Arc<RunState>) -> RunOutcome {
    let _deadline = crate::limit::watch_run(inner, &state);
    let ctx = Ctx { inner, state: &state, repetition: Vec::new(), loops: Vec::new(), cancel: state.cancel.clone(), limit: None };
    let body_status = run_container(&ctx, ContainerKey::Top, &state.workflow.definition.actions).await;
    let (status, code, err) = match state.stopped() {
        // Another node (or the next start) resumes the run; nothing more is recorded here.
        Some(Stop::Abandoned) => return RunOutcome { status: Status::Running, code: None, error: None, outputs: None },
        Some(Stop::Terminated { status, code, error }) => (status, Some(code), error),
        Some(Stop::Cancelled) => (
            Status::Cancelled,
            Some("Cancelled".to_string()),
            Some(error("Cancelled", "The run was cancelled.")),
        ),
        None if body_status == Status::Succeeded => (Status::Succeeded, None, None),
        None => {
            let code = if body_status == Status::TimedOut { "ActionTimedOut" } else { "ActionFailed" };
            (body_status, Some(code.to_string()), Some(error(code, "An action failed. No dependent actions succeeded.")))
        }
    };
    let outputs = evaluate_outputs(inner, &state);
    let end_time = inner.clock.now();
    let commit = state.submit(inner.store.journal(), vec![JournalEntry::RunFinished {
        run_id: state.run_id.clone(),
        status,
        code: code.clone(),
        error: err.clone(),
        outputs: outputs.clone(),
        end_time,
    }]);
    if let Err(e) = commit.await {
        tracing::error!(run = %state.run_id, error = %e, "could not record the end of a run");
    }
    RunOutcome { status, code, error: err, outputs }
}

/// What an action execution needs: the engine, the run and where in the loops it is.
pub(crate) struct Ctx<'a> {
    pub inner: &'a Inner,
    pub state: &'a RunState,
    pub repetition: Vec<RepetitionIndex>,
    /// The enclosing loop iterations (same order as `repetition`), for `item()` and friends.
    pub loops: Vec<LoopFrame>,
    /// Cancelled when work in this context must stop: the run's token, or a child of it inside a
    /// container with a time limit (see [`crate::limit`]).
    pub cancel: tokio_util::sync::CancellationToken,
    /// The time limit of the innermost enclosing container that has one.
    pub(crate) limit: Option<Arc<crate::limit::ContainerLimit>>,
}

impl<'a> Ctx<'a> {
    /// An expression scope as of now.
    pub fn scope(&self) -> RunScope<'_> {
        RunScope::new(self.state, self.inner.clock.now(), &self.inner.config).in_loops(&self.loops, &self.repetition)
    }

    /// The context of iteration `index` of the loop `name` (`item` for a Foreach).
    pub fn iteration(&self, name: &str, index: u64, item: Option<Arc<Value>>) -> Ctx<'a> {
        let mut repetition = self.repetition.clone();
        repetition.push(RepetitionIndex { scope_name: name.to_string(), item_index: index });
        let mut loops = self.loops.clone();
        loops.push(LoopFrame { name: name.to_string(), index, item });
        Ctx { inner: self.inner, state: self.state, repetition, loops, cancel: self.cancel.clone(), limit: self.limit.clone() }
    }

    /// Whether this context is inside a Foreach (a nested Foreach then runs sequentially).
    pub fn in_foreach(&self) -> bool {
        self.loops.iter().any(|f| f.item.is_some())
    }

    pub(crate) fn workflow(&self) -> &PreparedWorkflow {
        &self.state.workflow
    }
}

/// Drives one container to completion and returns its status.
pub(crate) fn run_container<'a>(ctx: &'a Ctx<'a>, key: ContainerKey, actions: &'a Actions) -> BoxFuture<'a, Status> {
    async move {
        let graph = ctx.workflow().graph(&key);
        let list: Vec<&Action> = actions.iter().collect();
        let mut run = ContainerRun::new(graph);
        let mut queue: VecDeque<Step> = run.start().into();
        let mut pending = FuturesUnordered::new();
        loop {
            while let Some(step) = queue.pop_front() {
                match step {
                    Step::Start(i) => match ctx.halted() {
                        Some(reason) => {
                            record_skipped(ctx, list[i], &reason).await;
                            queue.extend(run.complete(i, Status::Skipped));
                        }
                        None => pending.push(execute(ctx, list[i]).map(move |st| (i, st))),
                    },
                    Step::Skip(i) => {
                        let reason = match (ctx.halted(), run.unmet_dependency(i)) {
                            (Some(reason), _) => reason,
                            (None, Some((p, expected, actual))) => SkipReason::DependencyFailed {
                                predecessor: graph.names[p].clone(),
                                expected: expected.to_vec(),
                                actual,
                            },
                            (None, None) => SkipReason::Cancelled,
                        };
                        record_skipped(ctx, list[i], &reason).await;
                        queue.extend(run.complete(i, Status::Skipped));
                    }
                }
            }
            match pending.next().await {
                Some((i, status)) => queue.extend(run.complete(i, status)),
                None => break,
            }
        }
        run.outcome()
    }
    .boxed()
}

/// Executes one action (and, for a control action, its children) and records the attempt.
fn execute<'a>(ctx: &'a Ctx<'a>, action: &'a Action) -> BoxFuture<'a, Status> {
    async move {
        // A container with `limit.timeout` runs its children in a scope of their own.
        let limited = ctx.limited(action);
        let ctx = limited.as_ref().unwrap_or(ctx);
        if let Some(status) = restore(ctx, action) {
            return status;
        }
        // A resumed attempt keeps its number and start (a Wait then ends when it would have).
        let first = resumed_attempt(ctx, action);
        let start = first.start;
        let (inputs, outcome) = match &action.body {
            ActionBody::Scope { actions } => {
                let status = run_container(ctx, ContainerKey::Actions(action.name.clone()), actions).await;
                (None, container_outcome(ctx, status))
            }
            ActionBody::Foreach { .. } | ActionBody::Until { .. } | ActionBody::Switch { .. } => {
                let done = crate::control::execute(ctx, action).await;
                let outcome = crate::limit::settle(ctx, action, done.outcome);
                let status = record_with(ctx, action, start, done.inputs, outcome, done.loop_result).await;
                return status;
            }
            ActionBody::If { condition, actions, else_actions } => {
                match decide_if(ctx, action, condition, actions, else_actions) {
                    Err(outcome) => {
                        let reason = SkipReason::DependencyFailed {
                            predecessor: action.name.clone(),
                            expected: vec![Status::Succeeded],
                            actual: Status::Failed,
                        };
                        skip_containers(ctx, action, &reason).await;
                        (None, outcome)
                    }
                    Ok(taken) => {
                        let (run_key, run_actions, skipped) = if taken {
                            (ContainerKey::Actions(action.name.clone()), actions, else_actions)
                        } else {
                            (ContainerKey::Else(action.name.clone()), else_actions, actions)
                        };
                        skip_all(ctx, skipped, &SkipReason::BranchNotTaken).await;
                        let status = run_container(ctx, run_key, run_actions).await;
                        (Some(json!({ "expressionResult": taken })), container_outcome(ctx, status))
                    }
                }
            }
            // HttpWebhook evaluates its own inputs (`listCallbackUrl()` needs its subscription).
            _ if action.action_type == flowline_model::ActionType::HttpWebhook => {
                actions::webhook::execute(ctx, action, start).await
            }
            _ => match actions::evaluate_inputs(ctx, action) {
                Err(e) => (
                    None,
                    Outcome::failed(
                        "InvalidTemplate",
                        format!("Unable to process template language expressions in action '{}' inputs: {}", action.name, e.message),
                    ),
                ),
                Ok(inputs) => {
                    if let Some(outcome) = crate::static_result::outcome(ctx, action) {
                        let status = outcome.status;
                        record(ctx, action, start, Some(inputs), outcome).await;
                        return status;
                    }
                    if actions::is_long_running(action) {
                        mark_running(ctx, action, first, &inputs);
                    }
                    if action.action_type == flowline_model::ActionType::Http {
                        let (attempt, outcome) = crate::retry::execute(ctx, action, &inputs, first).await;
                        let status = outcome.status;
                        record_attempt(ctx, action, attempt, Some(inputs), outcome, None).await;
                        return status;
                    }
                    if actions::is_variable_action(action) {
                        // Applied and journaled under one lock: the journal holds variable values
                        // in the order they were set (a resumed run restores the last one).
                        let _order = ctx.state.variable_order.lock().await;
                        let outcome = actions::dispatch(ctx, action, &inputs).await;
                        let status = outcome.status;
                        record_attempt(ctx, action, first, Some(inputs), outcome, None).await;
                        return status;
                    }
                    let outcome = crate::limit::run_operation(ctx, action, actions::dispatch(ctx, action, &inputs)).await;
                    (Some(inputs), outcome)
                }
            },
        };
        let outcome = crate::limit::settle(ctx, action, outcome);
        // In a resumed run a control action walked again reports its recorded status.
        let status = record(ctx, action, start, inputs, outcome).await;
        if action.action_type == flowline_model::ActionType::Response {
            actions::response::deliver(ctx).await;
        }
        status
    }
    .boxed()
}

/// The outcome of a Scope, If, Switch or loop from the status of the container(s) it ran.
pub(crate) fn container_outcome(ctx: &Ctx<'_>, status: Status) -> Outcome {
    if ctx.halted().is_some() {
        // The run stopped while this container was in progress: like any in-flight action, the
        // control action itself is cancelled.
        return Outcome::cancelled();
    }
    match status {
        Status::Succeeded => Outcome::succeeded(None),
        other => Outcome {
            status: other,
            code: "ActionFailed".into(),
            outputs: None,
            error: Some(error("ActionFailed", "An action failed. No dependent actions succeeded.")),
        },
    }
}

/// Which attempt of an action a record is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempt {
    /// 1 for the first call, 2 for the first retry, …
    pub number: u32,
    /// When it started.
    pub start: DateTime<Utc>,
    /// Whether it did work to meter (a retry cut short during its wait did not).
    pub billed: bool,
}

impl Attempt {
    /// The first (for most actions the only) attempt.
    pub fn first(start: DateTime<Utc>) -> Self {
        Attempt { number: 1, start, billed: true }
    }
}

/// Records a finished attempt: in memory for expressions, and in the journal with its meter.
async fn record(ctx: &Ctx<'_>, action: &Action, start: DateTime<Utc>, inputs: Option<Value>, outcome: Outcome) -> Status {
    record_with(ctx, action, start, inputs, outcome, None).await
}

/// [`record`], with what `result()` returns for a loop.
async fn record_with(
    ctx: &Ctx<'_>,
    action: &Action,
    start: DateTime<Utc>,
    inputs: Option<Value>,
    outcome: Outcome,
    loop_result: Option<Arc<Value>>,
) -> Status {
    record_attempt(ctx, action, Attempt::first(start), inputs, outcome, loop_result).await
}

/// Records the final attempt of an action: in memory for expressions, and in the journal.
async fn record_attempt(
    ctx: &Ctx<'_>,
    action: &Action,
    attempt: Attempt,
    inputs: Option<Value>,
    outcome: Outcome,
    loop_result: Option<Arc<Value>>,
) -> Status {
    if let Some(recorded) = ctx.state.replay().and_then(|r| r.final_of(&action.name, &ctx.repetition)) {
        // A control action walked again in a resumed run: its record stands.
        ctx.state.set_result(&action.name, &ctx.repetition, restored_result(recorded, loop_result));
        return recorded.status;
    }
    let (start, end) = journal_attempt(ctx, action, attempt, inputs.clone(), &outcome);
    let status = outcome.status;
    let tracks = status != Status::Skipped && declares_tracked_properties(&action.raw);
    ctx.state.set_result(
        &action.name,
        &ctx.repetition,
        ActionResult {
            status: outcome.status,
            code: Some(outcome.code),
            inputs,
            outputs: outcome.outputs,
            error: outcome.error,
            start_time: start,
            end_time: end,
            loop_result,
        },
    );
    if tracks {
        track_properties(ctx, action);
    }
    status
}

/// Journals one finished attempt with its meter (if it is metered); returns its start and end.
pub(crate) fn journal_attempt(
    ctx: &Ctx<'_>,
    action: &Action,
    attempt: Attempt,
    inputs: Option<Value>,
    outcome: &Outcome,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let end = ctx.inner.clock.now();
    let variable = (actions::is_variable_action(action) && outcome.status == Status::Succeeded)
        .then(|| variable_entry(ctx, inputs.as_ref()))
        .flatten();
    let mut record = ActionAttemptRecord {
        run_id: ctx.state.run_id.clone(),
        action: action.name.clone(),
        repetition: ctx.repetition.clone(),
        attempt: attempt.number,
        status: outcome.status,
        code: Some(outcome.code.clone()),
        inputs,
        outputs: outcome.outputs.clone(),
        error: outcome.error.clone(),
        start_time: attempt.start,
        end_time: Some(end),
    };
    ctx.workflow().secure.redact(&mut record);
    let meter = (attempt.billed && outcome.status != Status::Skipped).then(|| MeterRecord {
        key: attempt_key(&record.run_id, &record.action, &record.repetition, record.attempt),
        workflow: ctx.workflow().name.clone(),
        run_id: Some(ctx.state.run_id.clone()),
        operation: action.name.clone(),
        category: MeterCategory::BuiltInAction,
        units: 1,
        at: attempt.start,
    });
    // Not awaited: entries of this run commit in order, and the run's end (or its Response) waits
    // for durability; concurrent runs share the writer's transactions.
    let mut entries = vec![JournalEntry::ActionAttempt { attempt: record, meter }];
    entries.extend(variable);
    drop(ctx.state.submit(ctx.inner.store.journal(), entries));
    (attempt.start, end)
}

/// Journals a `Running` marker for an action that may take a while (an outbound call), so run
/// history shows it in flight; the finished attempt replaces it. Not billed.
pub(crate) fn mark_running(ctx: &Ctx<'_>, action: &Action, attempt: Attempt, inputs: &Value) {
    mark_running_with(ctx, action, attempt, inputs, None)
}

/// [`mark_running`] with what the attempt has produced so far — an Http action's `202 Accepted`
/// answer and the URL it polls — so that history, and a restart, know where it stands.
pub(crate) fn mark_running_with(ctx: &Ctx<'_>, action: &Action, attempt: Attempt, inputs: &Value, outputs: Option<Value>) {
    let mut attempt = ActionAttemptRecord {
        run_id: ctx.state.run_id.clone(),
        action: action.name.clone(),
        repetition: ctx.repetition.clone(),
        attempt: attempt.number,
        status: Status::Running,
        code: None,
        inputs: Some(inputs.clone()),
        outputs,
        error: None,
        start_time: attempt.start,
        end_time: None,
    };
    ctx.workflow().secure.redact(&mut attempt);
    drop(ctx.state.submit(ctx.inner.store.journal(), vec![JournalEntry::ActionAttempt { attempt, meter: None }]));
}

/// Records an action, and everything nested in it (once, not per iteration), as Skipped.
pub(crate) fn record_skipped<'a>(ctx: &'a Ctx<'a>, action: &'a Action, reason: &'a SkipReason) -> BoxFuture<'a, ()> {
    async move {
        skip_containers(ctx, action, reason).await;
        let now = ctx.inner.clock.now();
        let outcome = Outcome {
            status: Status::Skipped,
            code: reason.code().into(),
            outputs: None,
            error: Some(reason.error(&action.name)),
        };
        record(ctx, action, now, None, outcome).await;
    }
    .boxed()
}

/// Records every action of every container of a control action as Skipped.
pub(crate) async fn skip_containers(ctx: &Ctx<'_>, action: &Action, reason: &SkipReason) {
    for container in action.body.containers() {
        skip_all(ctx, container, reason).await;
    }
}

/// Records every action of a container as Skipped.
pub(crate) async fn skip_all(ctx: &Ctx<'_>, actions: &Actions, reason: &SkipReason) {
    for a in actions.iter() {
        record_skipped(ctx, a, reason).await;
    }
}

/// Evaluates the definition's `outputs` at the end of a run: `{name: {type, value}}`, or
/// `{name: {type, error}}` for one whose expression failed.
fn evaluate_outputs(inner: &Inner, state: &RunState) -> Option<Value> {
    let defs = &state.workflow.definition.outputs;
    if defs.is_empty() {
        return None;
    }
    let scope = RunScope::new(state, inner.clock.now(), &inner.config);
    let mut out = Map::new();
    for (name, def) in defs {
        let entry = match def.value.evaluate(&scope) {
            Ok(v) => json!({ "type": def.type_name.canonical_name(), "value": v }),
            Err(e) => json!({ "type": def.type_name.canonical_name(), "error": error(&e.code, e.message) }),
        };
        out.insert(name.clone(), entry);
    }
    Some(Value::Object(out))
}

/// Evaluates a trigger's `correlation.clientTrackingId` against the trigger object.
pub(crate) fn evaluate_client_tracking_id(
    config: &EngineConfig,
    trigger: &Trigger,
    workflow: &Arc<PreparedWorkflow>,
    trigger_object: &Value,
    now: DateTime<Utc>,
) -> Option<String> {
    let template = trigger.client_tracking_id.as_ref()?;
    let state = RunState::new(
        workflow.clone(),
        String::new(),
        String::new(),
        trigger_object.clone(),
        workflow.parameters.clone(),
        None,
    );
    let value = template.evaluate(&RunScope::new(&state, now, config)).ok()?;
    let text = value.to_text();
    (!text.is_empty()).then_some(text)
}

/// In a resumed run, puts back the recorded result of an operation whose last attempt is final
/// and returns its status (nothing runs, nothing is journaled). Control actions are walked again
/// (their children decide); `None` for them and for anything not recorded.
fn restore(ctx: &Ctx<'_>, action: &Action) -> Option<Status> {
    // A finished loop is restored whole: walking it again would re-evaluate its items or its
    // condition against today's state (actions inside a loop cannot be referenced from outside).
    // Scope, If and Switch are walked, so their children's results are back for later actions.
    if !matches!(action.body, ActionBody::Operation | ActionBody::Foreach { .. } | ActionBody::Until { .. }) {
        return None;
    }
    let recorded = ctx.state.replay()?.final_of(&action.name, &ctx.repetition)?;
    if action.action_type == flowline_model::ActionType::Terminate
        && recorded.status == Status::Succeeded
        && let Some(inputs) = &recorded.inputs
    {
        // The stop it caused is part of the run's state.
        actions::terminate::execute(ctx, inputs);
    }
    ctx.state.set_result(&action.name, &ctx.repetition, restored_result(recorded, None));
    Some(recorded.status)
}

/// An action's result as recorded.
fn restored_result(recorded: &ActionAttemptRecord, loop_result: Option<Arc<Value>>) -> ActionResult {
    ActionResult {
        status: recorded.status,
        code: recorded.code.clone(),
        inputs: recorded.inputs.clone(),
        outputs: recorded.outputs.clone(),
        error: recorded.error.clone(),
        start_time: recorded.start_time,
        end_time: recorded.end_time.unwrap_or(recorded.start_time),
        loop_result,
    }
}

/// The attempt to run: the one that was in flight when a resumed run was interrupted, else a
/// first attempt starting now.
pub(crate) fn resumed_attempt(ctx: &Ctx<'_>, action: &Action) -> Attempt {
    match ctx.state.replay().and_then(|r| r.in_flight(&action.name, &ctx.repetition)) {
        Some(marker) => Attempt { number: marker.attempt, start: marker.start_time, billed: true },
        None => Attempt::first(ctx.inner.clock.now()),
    }
}

/// Which branch an If takes. In a resumed run a branch that already recorded work (or an other
/// branch recorded as not taken) decides; otherwise the condition is evaluated.
fn decide_if(
    ctx: &Ctx<'_>,
    action: &Action,
    condition: &flowline_model::Condition,
    actions: &Actions,
    else_actions: &Actions,
) -> Result<bool, Outcome> {
    if let Some(replay) = ctx.state.replay() {
        // The If's own record holds its decision.
        if let Some(taken) = replay
            .final_of(&action.name, &ctx.repetition)
            .and_then(|r| r.inputs.as_ref()?.get("expressionResult")?.as_bool())
        {
            return Ok(taken);
        }
        // Else: a branch that did work was taken; a branch whose own actions were recorded as
        // not taken was not (only direct children: a nested If skips its own branches).
        if replay.worked(nested_names(actions).into_iter(), &ctx.repetition)
            || replay.skipped_as_not_taken(else_actions.iter().map(|x| x.name.as_str()), &ctx.repetition)
        {
            return Ok(true);
        }
        if replay.worked(nested_names(else_actions).into_iter(), &ctx.repetition)
            || replay.skipped_as_not_taken(actions.iter().map(|x| x.name.as_str()), &ctx.repetition)
        {
            return Ok(false);
        }
    }
    actions::condition::evaluate(ctx, action, condition)
}

/// The names of `actions` and of every action nested in them.
pub(crate) fn nested_names(actions: &Actions) -> Vec<&str> {
    let mut out = Vec::new();
    for a in actions.iter() {
        out.push(a.name.as_str());
        for container in a.body.containers() {
            out.extend(nested_names(container));
        }
    }
    out
}

/// The journal entry storing a variable's value after the variable action `inputs` describe.
fn variable_entry(ctx: &Ctx<'_>, inputs: Option<&Value>) -> Option<JournalEntry> {
    let inputs = inputs?;
    let name = inputs
        .get("name")
        .or_else(|| inputs.get("variables").and_then(|v| v.get(0)).and_then(|v| v.get("name")))
        .and_then(Value::as_str)?;
    let (name, value) = ctx.state.variable_slot(name)?;
    Some(JournalEntry::VariableSet { run_id: ctx.state.run_id.clone(), name, value })
}

impl Ctx<'_> {
    /// The idempotency key of `action`'s execution in this iteration: the same for every attempt
    /// and for the attempt re-run after a restart, different for any other action, iteration or
    /// run. Sent as `x-flowline-idempotency-key` on outbound calls.
    pub(crate) fn idempotency_key(&self, action: &str) -> String {
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        hash.update(self.state.run_id.as_bytes());
        hash.update([0]);
        hash.update(action.as_bytes());
        for r in &self.repetition {
            hash.update([0]);
            hash.update(r.scope_name.as_bytes());
            hash.update(r.item_index.to_le_bytes());
        }
        let digest = hash.finalize();
        format!("{}-{}", self.state.run_id, hex(&digest[..12]))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the action declares `trackedProperties`.
fn declares_tracked_properties(raw: &Value) -> bool {
    raw.get("trackedProperties").is_some_and(|p| p.as_object().is_some_and(|o| !o.is_empty()))
}

/// Evaluates an action's `trackedProperties` once it has finished (`action()` is the action
/// itself) and journals them, so runs can be searched by them. A property whose expression
/// fails is recorded as its error.
fn track_properties(ctx: &Ctx<'_>, action: &Action) {
    let Some(Value::Object(props)) = action.raw.get("trackedProperties") else { return };
    let mut scope = ctx.scope();
    scope.current = Some(&action.name);
    let mut out = Map::new();
    for (name, template) in props {
        let value = match flowline_expr::JsonTemplate::compile(template) {
            Ok(t) => t.evaluate(&scope).unwrap_or_else(|e| error("TrackedPropertiesEvaluationFailed", e.to_string())),
            Err(errors) => {
                let message = errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                error("TrackedPropertiesEvaluationFailed", message)
            }
        };
        out.insert(name.clone(), value);
    }
    let entry = JournalEntry::TrackedProperties { run_id: ctx.state.run_id.clone(), properties: Value::Object(out) };
    drop(ctx.state.submit(ctx.inner.store.journal(), vec![entry]));
}
