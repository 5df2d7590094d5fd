//! The runAfter state machine and the status fold, on small containers built from JSON.

use super::*;
use serde_json::{Map, Value, json};
use Status::{Cancelled, Failed, Skipped, Succeeded, TimedOut};

/// Builds a container: actions in document order, each with its runAfter.
#[derive(Default)]
struct Container(Map<String, Value>);

impl Container {
    /// An action with no runAfter: it starts with its container.
    fn start(self, name: &str) -> Self {
        self.action(name, json!({}))
    }

    /// An action that runs after each of `preds` has Succeeded.
    fn after(self, name: &str, preds: &[&str]) -> Self {
        let run_after = preds.iter().map(|p| (p.to_string(), json!(["Succeeded"]))).collect();
        self.action(name, Value::Object(run_after))
    }

    /// An action that runs after `pred` ended with one of `statuses`.
    fn after_any(self, name: &str, pred: &str, statuses: &[&str]) -> Self {
        self.action(name, json!({ pred: statuses }))
    }

    fn action(mut self, name: &str, run_after: Value) -> Self {
        self.0.insert(name.into(), json!({ "type": "Compose", "inputs": name, "runAfter": run_after }));
        self
    }

    fn build(self) -> ContainerGraph {
        let doc = flowline_model::load_value(json!({
            "triggers": { "manual": { "type": "Request", "kind": "Http" } },
            "actions": self.0,
        }));
        assert!(!doc.has_errors(), "test container does not load: {:?}", doc.diagnostics);
        ContainerGraph::new(&doc.definition().expect("a definition").actions)
    }
}

fn index(graph: &ContainerGraph, name: &str) -> usize {
    graph.names.iter().position(|n| n == name).unwrap_or_else(|| panic!("no action {name}"))
}

/// Steps as readable text: `"start A"`, `"skip B"`.
fn described(graph: &ContainerGraph, steps: Vec<Step>) -> Vec<String> {
    steps
        .into_iter()
        .map(|s| match s {
            Step::Start(i) => format!("start {}", graph.names[i]),
            Step::Skip(i) => format!("skip {}", graph.names[i]),
        })
        .collect()
}

/// Completes `name` with `status` and describes what became ready.
fn complete(run: &mut ContainerRun<'_>, graph: &ContainerGraph, name: &str, status: Status) -> Vec<String> {
    described(graph, run.complete(index(graph, name), status))
}

/// Drives a whole container as the driver does: every started action ends with the status
/// `ended` gives it (Succeeded when not listed), every skip is fed back. Returns the run.
fn drive<'g>(graph: &'g ContainerGraph, ended: &[(&str, Status)]) -> ContainerRun<'g> {
    let mut run = ContainerRun::new(graph);
    let mut queue = run.start();
    let mut started = vec![false; graph.len()];
    while let Some(step) = queue.pop() {
        let (i, status) = match step {
            Step::Start(i) => {
                assert!(!std::mem::replace(&mut started[i], true), "{} started twice", graph.names[i]);
                let status = ended.iter().find(|(n, _)| *n == graph.names[i]).map_or(Succeeded, |(_, s)| *s);
                (i, status)
            }
            Step::Skip(i) => (i, Skipped),
        };
        queue.extend(run.complete(i, status));
    }
    assert!(run.is_done(), "every action reached a final status");
    run
}

fn status_of(run: &ContainerRun<'_>, graph: &ContainerGraph, name: &str) -> Status {
    run.status(index(graph, name)).unwrap_or_else(|| panic!("{name} has no status"))
}

/// `fold_status` over statuses given by name (unlisted actions have none).
fn fold(graph: &ContainerGraph, statuses: &[(&str, Status)]) -> Status {
    fold_status(graph, |i| statuses.iter().find(|(n, _)| *n == graph.names[i]).map(|(_, s)| *s))
}

#[test]
fn actions_without_run_after_start_with_the_container() {
    let g = Container::default().start("A").after("B", &["A"]).start("C").build();
    let mut run = ContainerRun::new(&g);
    assert_eq!(described(&g, run.start()), ["start A", "start C"]);
    assert_eq!(run.undecided(), vec![index(&g, "B")]);
    assert!(!run.is_done());
}

#[test]
fn an_action_waits_until_every_predecessor_is_final() {
    let g = Container::default().start("A").start("B").after("Join", &["A", "B"]).build();
    let mut run = ContainerRun::new(&g);
    run.start();
    assert!(complete(&mut run, &g, "A", Succeeded).is_empty(), "B is still running");
    assert_eq!(complete(&mut run, &g, "B", Succeeded), ["start Join"]);
}

#[test]
fn a_failed_predecessor_does_not_decide_its_dependent_before_the_others_finish() {
    let g = Container::default().start("A").start("B").after("Join", &["A", "B"]).build();
    let mut run = ContainerRun::new(&g);
    run.start();
    assert!(complete(&mut run, &g, "A", Failed).is_empty());
    assert_eq!(complete(&mut run, &g, "B", Succeeded), ["skip Join"]);
}

#[test]
fn an_action_is_skipped_when_a_predecessor_status_is_not_accepted() {
    let g = Container::default().start("A").after("B", &["A"]).build();
    for status in [Failed, Skipped, TimedOut, Cancelled] {
        let mut run = ContainerRun::new(&g);
        run.start();
        assert_eq!(complete(&mut run, &g, "A", status), ["skip B"], "after A {status}");
    }
}

#[test]
fn run_after_failed_skipped_or_timed_out_runs_on_exactly_those_statuses() {
    let g = Container::default().start("A").after_any("Handler", "A", &["Failed", "Skipped", "TimedOut"]).build();
    for (status, expected) in [
        (Failed, "start Handler"),
        (Skipped, "start Handler"),
        (TimedOut, "start Handler"),
        (Succeeded, "skip Handler"),
        (Cancelled, "skip Handler"),
    ] {
        let mut run = ContainerRun::new(&g);
        run.start();
        assert_eq!(complete(&mut run, &g, "A", status), [expected], "after A {status}");
    }
}

#[test]
fn skips_cascade_until_an_action_accepts_skipped() {
    let g = Container::default()
        .start("A")
        .after("B", &["A"])
        .after("C", &["B"])
        .after_any("Cleanup", "C", &["Skipped"])
        .build();
    let mut run = ContainerRun::new(&g);
    run.start();
    assert_eq!(complete(&mut run, &g, "A", Failed), ["skip B"]);
    assert_eq!(complete(&mut run, &g, "B", Skipped), ["skip C"]);
    assert_eq!(complete(&mut run, &g, "C", Skipped), ["start Cleanup"]);

    let run = drive(&g, &[("A", Failed)]);
    let statuses: Vec<Status> = ["A", "B", "C", "Cleanup"].iter().map(|n| status_of(&run, &g, n)).collect();
    assert_eq!(statuses, [Failed, Skipped, Skipped, Succeeded]);
}

#[test]
fn a_join_after_a_diamond_is_decided_once() {
    let g = Container::default()
        .start("A")
        .after("Left", &["A"])
        .after("Right", &["A"])
        .after("Join", &["Left", "Right"])
        .build();
    let mut run = ContainerRun::new(&g);
    run.start();
    assert_eq!(complete(&mut run, &g, "A", Succeeded), ["start Left", "start Right"]);
    assert!(complete(&mut run, &g, "Right", Succeeded).is_empty());
    assert_eq!(complete(&mut run, &g, "Left", Succeeded), ["start Join"]);
    assert!(run.undecided().is_empty());
    assert!(complete(&mut run, &g, "Join", Succeeded).is_empty());
    assert!(run.is_done());
    // `drive` asserts that nothing starts twice.
    drive(&g, &[]);
}

#[test]
fn an_empty_container_succeeds() {
    let g = Container::default().build();
    let mut run = ContainerRun::new(&g);
    assert!(run.start().is_empty());
    assert!(run.is_done());
    assert_eq!(run.outcome(), Succeeded);
}

#[test]
fn a_container_whose_leaves_succeeded_succeeds_even_if_an_inner_action_failed_and_was_handled() {
    let g = Container::default().start("A").after_any("Recover", "A", &["Failed"]).build();
    assert_eq!(fold(&g, &[("A", Failed), ("Recover", Succeeded)]), Succeeded);
}

#[test]
fn a_failed_leaf_fails_the_container() {
    let g = Container::default().start("A").start("B").build();
    assert_eq!(fold(&g, &[("A", Succeeded), ("B", Failed)]), Failed);
}

#[test]
fn leaf_statuses_fold_failed_over_timed_out_over_succeeded() {
    let g = Container::default().start("A").start("B").start("C").build();
    assert_eq!(fold(&g, &[("A", Succeeded), ("B", TimedOut), ("C", Succeeded)]), TimedOut);
    assert_eq!(fold(&g, &[("A", TimedOut), ("B", Failed), ("C", Succeeded)]), Failed);
    assert_eq!(fold(&g, &[("A", Failed), ("B", TimedOut), ("C", Succeeded)]), Failed, "order does not matter");
    assert_eq!(fold(&g, &[("A", Succeeded), ("B", Succeeded), ("C", Succeeded)]), Succeeded);
}

#[test]
fn a_skipped_leaf_takes_its_predecessors_statuses_recursively() {
    let g = Container::default().start("A").after("B", &["A"]).after("C", &["B"]).build();
    assert_eq!(fold(&g, &[("A", Failed), ("B", Skipped), ("C", Skipped)]), Failed);
    assert_eq!(fold(&g, &[("A", TimedOut), ("B", Skipped), ("C", Skipped)]), TimedOut);

    let handled = Container::default().start("A").after_any("OnFailure", "A", &["Failed"]).build();
    assert_eq!(fold(&handled, &[("A", Succeeded), ("OnFailure", Skipped)]), Succeeded, "a handler not needed");
}

#[test]
fn a_skipped_leaf_with_several_predecessors_takes_the_worst_of_them() {
    let g = Container::default().start("A").start("B").after("Join", &["A", "B"]).build();
    assert_eq!(fold(&g, &[("A", Succeeded), ("B", TimedOut), ("Join", Skipped)]), TimedOut);
    assert_eq!(fold(&g, &[("A", Failed), ("B", TimedOut), ("Join", Skipped)]), Failed);
}

#[test]
fn cancelled_leaves_are_ignored() {
    let g = Container::default().start("A").after("B", &["A"]).start("C").build();
    assert_eq!(fold(&g, &[("A", Succeeded), ("B", Cancelled), ("C", Succeeded)]), Succeeded);
    assert_eq!(fold(&g, &[("A", Failed), ("B", Cancelled), ("C", Succeeded)]), Succeeded, "not replaced by predecessors");
}

#[test]
fn a_container_whose_every_branch_was_skipped_succeeds() {
    let g = Container::default().start("A").after("B", &["A"]).build();
    assert_eq!(fold(&g, &[("A", Skipped), ("B", Skipped)]), Succeeded);
}

/// Try → Catch (runAfter Try Failed/TimedOut) → Respond.
fn try_catch() -> Container {
    Container::default()
        .start("Try")
        .after_any("Catch", "Try", &["Failed", "TimedOut"])
        .after("Respond", &["Catch"])
}

#[test]
fn a_caught_failure_leaves_the_container_succeeded() {
    let g = try_catch().build();
    let run = drive(&g, &[("Try", Failed)]);
    assert_eq!(status_of(&run, &g, "Catch"), Succeeded);
    assert_eq!(status_of(&run, &g, "Respond"), Succeeded);
    assert_eq!(run.outcome(), Succeeded);
}

#[test]
fn a_catch_not_needed_is_skipped_and_the_container_succeeds() {
    let g = try_catch().build();
    let run = drive(&g, &[]);
    assert_eq!(status_of(&run, &g, "Catch"), Skipped);
    assert_eq!(status_of(&run, &g, "Respond"), Skipped);
    assert_eq!(run.outcome(), Succeeded);
}

#[test]
fn a_failure_with_an_unhandled_branch_fails_the_container() {
    // Try's success path (Next) is skipped by the failure: that branch ends in Try's Failed.
    let g = try_catch().after("Next", &["Try"]).build();
    let run = drive(&g, &[("Try", Failed)]);
    assert_eq!(status_of(&run, &g, "Next"), Skipped);
    assert_eq!(status_of(&run, &g, "Respond"), Succeeded);
    assert_eq!(run.outcome(), Failed);
}

#[test]
fn a_timed_out_action_that_nothing_handles_times_the_container_out() {
    let g = Container::default().start("A").after("B", &["A"]).start("C").build();
    let run = drive(&g, &[("A", TimedOut)]);
    assert_eq!(status_of(&run, &g, "B"), Skipped);
    assert_eq!(run.outcome(), TimedOut);
}
