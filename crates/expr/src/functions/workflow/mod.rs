//! Workflow and reference functions: `trigger`, `actions`, `body`, `variables`, `item`, …
//! Each reads the run context through [`crate::Scope`].

crate::functions::category! {
    trigger: [TRIGGER, TRIGGER_BODY, TRIGGER_OUTPUTS],
    actions: [ACTIONS, OUTPUTS, ACTION_OUTPUTS, BODY, ACTION_BODY],
    result: [RESULT],
    variables: [VARIABLES],
    parameters: [PARAMETERS],
    workflow_info: [WORKFLOW],
    items: [ITEM, ITEMS],
}
