//! The runAfter graph of one container (the workflow's top level, a Scope, an If branch) as a pure
//! state machine: feed it completions, it answers which actions to start and which to skip.
//!
//! Rules (Logic Apps): an action with no runAfter starts when its container starts; an action
//! becomes ready when every predecessor it names has a final status, and then runs only if each
//! predecessor's status is one it accepts — otherwise it is Skipped with `ActionDependencyFailed`
//! (a skip completes it at once, so skips cascade).

use flowline_model::{Actions, RunAfterStatus};
use flowline_storage::Status;
use std::collections::HashMap;

/// Static shape of a container, computed once per prepared workflow.
#[derive(Debug, Clone)]
pub struct ContainerGraph {
    /// Action names in document order.
    pub names: Vec<String>,
    /// For each action (same index as `names`): (predecessor index, accepted statuses).
    preds: Vec<Vec<(usize, Vec<Status>)>>,
    /// For each action: indexes of actions that run after it.
    succs: Vec<Vec<usize>>,
}

impl ContainerGraph {
    /// Builds the graph of a validated container. runAfter entries naming actions outside the
    /// container are ignored (validation has already rejected them).
    pub fn new(actions: &Actions) -> Self {
        let names: Vec<String> = actions.iter().map(|a| a.name.clone()).collect();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
        let mut preds = vec![Vec::new(); names.len()];
        let mut succs = vec![Vec::new(); names.len()];
        for (i, action) in actions.iter().enumerate() {
            for ra in &action.run_after {
                if let Some(&p) = index.get(ra.action.as_str()) {
                    let statuses = ra.statuses.iter().map(|s| run_after_status(*s)).collect();
                    preds[i].push((p, statuses));
                    succs[p].push(i);
                }
            }
        }
        ContainerGraph { names, preds, succs }
    }

    /// Number of actions.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the container is empty.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Indexes of the predecessors of an action.
    pub fn predecessors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.preds[i].iter().map(|(p, _)| *p)
    }

    /// Whether an action has no successors in its container.
    pub fn is_leaf(&self, i: usize) -> bool {
        self.succs[i].is_empty()
    }
}

/// Maps a runAfter status onto a run status.
pub fn run_after_status(s: RunAfterStatus) -> Status {
    match s {
        RunAfterStatus::Succeeded => Status::Succeeded,
        RunAfterStatus::Failed => Status::Failed,
        RunAfterStatus::Skipped => Status::Skipped,
        RunAfterStatus::TimedOut => Status::TimedOut,
    }
}

/// What the driver must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Start executing the action.
    Start(usize),
    /// Record the action as Skipped because a predecessor ended with a status it does not accept.
    Skip(usize),
}

/// Progress of one execution of a container.
#[derive(Debug, Clone)]
pub struct ContainerRun<'g> {
    graph: &'g ContainerGraph,
    status: Vec<Option<Status>>,
    decided: Vec<bool>,
}

impl<'g> ContainerRun<'g> {
    /// A fresh execution.
    pub fn new(graph: &'g ContainerGraph) -> Self {
        ContainerRun { graph, status: vec![None; graph.len()], decided: vec![false; graph.len()] }
    }

    /// The actions to start (or skip) when the container starts.
    pub fn start(&mut self) -> Vec<Step> {
        let mut steps = Vec::new();
        for i in 0..self.graph.len() {
            if self.graph.preds[i].is_empty() {
                self.decided[i] = true;
                steps.push(Step::Start(i));
            }
        }
        steps
    }

    /// Records that action `i` finished with `status` and returns what becomes ready. A `Skip` step
    /// returned here must be fed back with [`ContainerRun::complete`] once recorded.
    pub fn complete(&mut self, i: usize, status: Status) -> Vec<Step> {
        self.status[i] = Some(status);
        let mut steps = Vec::new();
        for &s in &self.graph.succs[i] {
            if self.decided[s] {
                continue;
            }
            let preds = &self.graph.preds[s];
            if preds.iter().any(|(p, _)| self.status[*p].is_none()) {
                continue;
            }
            self.decided[s] = true;
            let satisfied = preds
                .iter()
                .all(|(p, accepted)| self.status[*p].is_some_and(|st| accepted.contains(&st)));
            steps.push(if satisfied { Step::Start(s) } else { Step::Skip(s) });
        }
        steps
    }

    /// Whether every action has a final status.
    pub fn is_done(&self) -> bool {
        self.status.iter().all(Option::is_some)
    }

    /// For an action that was skipped: the first predecessor whose final status its runAfter
    /// does not accept, with the accepted statuses and the actual one.
    pub fn unmet_dependency(&self, i: usize) -> Option<(usize, &[Status], Status)> {
        self.graph.preds[i].iter().find_map(|(p, accepted)| {
            let actual = self.status[*p]?;
            (!accepted.contains(&actual)).then_some((*p, accepted.as_slice(), actual))
        })
    }

    /// Actions never started (used when a run is terminated or cancelled).
    pub fn undecided(&self) -> Vec<usize> {
        (0..self.graph.len()).filter(|i| !self.decided[*i]).collect()
    }

    /// Final status of each action, if known.
    pub fn status(&self, i: usize) -> Option<Status> {
        self.status[i]
    }

    /// The container's status from its actions' statuses (see [`fold_status`]).
    pub fn outcome(&self) -> Status {
        fold_status(self.graph, |i| self.status[i])
    }
}

/// The status of a container (or a whole run) from its actions, as Logic Apps decides it: each
/// branch ends in a leaf action; a Skipped leaf is replaced by its predecessors' statuses
/// (recursively); the statuses found fold with Failed > TimedOut > Succeeded, ignoring Skipped and
/// Cancelled. An empty container, or one whose every branch was skipped, Succeeded.
pub fn fold_status(graph: &ContainerGraph, status: impl Fn(usize) -> Option<Status>) -> Status {
    let mut seen = vec![false; graph.len()];
    let mut stack: Vec<usize> = (0..graph.len()).filter(|i| graph.is_leaf(*i)).collect();
    let mut result = Status::Succeeded;
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        match status(i) {
            Some(Status::Skipped) => stack.extend(graph.predecessors(i)),
            Some(Status::Failed) => result = Status::Failed,
            Some(Status::TimedOut) if result != Status::Failed => result = Status::TimedOut,
            _ => {}
        }
    }
    result
}

#[cfg(test)]
mod tests;
