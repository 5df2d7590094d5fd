//! `runAfter` graph checks: unknown, non-sibling and self references, cycles, and action
//! names duplicated across containers.

use crate::actions::{Action, Actions};
use crate::definition::Definition;
use crate::diagnostics::{Diagnostic, DiagnosticCode, did_you_mean, push_pointer};
use std::collections::HashMap;

pub(super) fn check(def: &Definition, out: &mut Vec<Diagnostic>) {
    let mut containers = Vec::new();
    collect_containers(&def.actions, &mut containers);
    let mut first_seen: HashMap<&str, &Action> = HashMap::new();
    // Expressions find actions case-insensitively (`body('compose')`), so names that differ
    // only in case are duplicates too.
    let mut first_folded: HashMap<String, &Action> = HashMap::new();
    for container in &containers {
        for action in container.iter() {
            if let Some(first) = first_folded.get(&action.name.to_lowercase()) {
                out.push(duplicate_name(action, first));
            } else {
                first_folded.insert(action.name.to_lowercase(), action);
            }
            first_seen.entry(&action.name).or_insert(action);
        }
    }
    for (i, container) in containers.iter().enumerate() {
        // Top-level actions may run after a trigger (Standard/agent workflows write this).
        let triggers: Vec<&str> = if i == 0 {
            def.triggers.iter().map(|t| t.name.as_str()).collect()
        } else {
            Vec::new()
        };
        for action in container.iter() {
            check_edges(action, container, &triggers, &first_seen, out);
        }
        check_cycles(container, out);
    }
}

fn collect_containers<'a>(actions: &'a Actions, out: &mut Vec<&'a Actions>) {
    out.push(actions);
    for a in actions.iter() {
        for c in a.body.containers() {
            collect_containers(c, out);
        }
    }
}

fn duplicate_name(action: &Action, first: &Action) -> Diagnostic {
    Diagnostic::error(
        DiagnosticCode::DuplicateActionName,
        &action.pointer,
        if action.name == first.name {
            format!("action name `{}` is already used at {}", action.name, first.pointer)
        } else {
            format!("action name `{}` differs only in case from `{}` at {}", action.name, first.name, first.pointer)
        },
    )
    .with_hint("action names must be unique in the whole workflow (ignoring case), including nested containers; rename one")
}

fn check_edges(
    action: &Action,
    container: &Actions,
    triggers: &[&str],
    all: &HashMap<&str, &Action>,
    out: &mut Vec<Diagnostic>,
) {
    let run_after = push_pointer(&action.pointer, "runAfter");
    for edge in &action.run_after {
        let path = push_pointer(&run_after, &edge.action);
        let pred = edge.action.as_str();
        if pred == action.name {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::RunAfterSelf,
                    path,
                    format!("action `{pred}` runs after itself"),
                )
                .with_hint(format!("remove `{pred}` from its own runAfter")),
            );
        } else if container.get(pred).is_some() || triggers.contains(&pred) {
            continue;
        } else if let Some(other) = all.get(pred) {
            out.push(
                Diagnostic::error(
                    DiagnosticCode::RunAfterNotSibling,
                    path,
                    format!("action `{}` runs after `{pred}`, which is in another container ({})", action.name, other.pointer),
                )
                .with_hint("runAfter may only name actions in the same container; run after the enclosing control action instead, or move the actions together"),
            );
        } else {
            let hint = did_you_mean(pred, container.names().filter(|n| *n != action.name))
                .or_else(|| did_you_mean(pred, all.keys().copied()))
                .unwrap_or_else(|| {
                    format!("no action named `{pred}` exists; remove it from runAfter")
                });
            out.push(
                Diagnostic::error(
                    DiagnosticCode::RunAfterUnknownAction,
                    path,
                    format!(
                        "action `{}` runs after `{pred}`, which does not exist",
                        action.name
                    ),
                )
                .with_hint(hint),
            );
        }
    }
}

/// Iterative DFS over sibling edges (action → predecessor); every back edge is one cycle.
fn check_cycles(container: &Actions, out: &mut Vec<Diagnostic>) {
    let names: Vec<&str> = container.names().collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = container
        .iter()
        .map(|a| {
            a.run_after
                .iter()
                .filter_map(|e| index.get(e.action.as_str()).copied())
                .filter(|&p| names[p] != a.name)
                .collect()
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut mark = vec![Mark::New; names.len()];
    for start in 0..names.len() {
        if mark[start] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::OnStack;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(&succ) = edges[node].get(*next) else {
                mark[node] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match mark[succ] {
                Mark::New => {
                    mark[succ] = Mark::OnStack;
                    stack.push((succ, 0));
                }
                Mark::OnStack => {
                    let from = stack.iter().position(|(n, _)| *n == succ).unwrap_or(0);
                    let cycle: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                    out.push(cycle_diagnostic(container, &names, &cycle));
                }
                Mark::Done => {}
            }
        }
    }
}

fn cycle_diagnostic(container: &Actions, names: &[&str], cycle: &[usize]) -> Diagnostic {
    let mut path: Vec<&str> = cycle.iter().map(|&i| names[i]).collect();
    path.push(names[cycle[0]]);
    let first = container
        .get(path[0])
        .map(|a| a.pointer.as_str())
        .unwrap_or_default();
    Diagnostic::error(
        DiagnosticCode::RunAfterCycle,
        push_pointer(&push_pointer(first, "runAfter"), path[1]),
        format!(
            "runAfter cycle: {} (each action runs after the next)",
            path.join(" → ")
        ),
    )
    .with_hint("break the cycle by removing one of these runAfter entries")
}
