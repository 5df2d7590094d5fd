//! Select: maps every element of `from` through `select` — an object map whose values use
//! `item()` (`{"id": "@item()?['sku']"}`), or one expression ("text mode",
//! `"@item()?['name']"`). The result has as many elements as `from`.

use super::item_scope::{evaluate_for, member};
use super::required_array;
use crate::outcome::Outcome;
use crate::run::Ctx;
use flowline_model::Action;
use serde_json::{Value, json};

pub(crate) fn execute(ctx: &Ctx<'_>, action: &Action, inputs: &Value) -> Outcome {
    let items = match required_array(inputs, "select") {
        Ok(items) => items,
        Err(o) => return o,
    };
    let Some(select) = member(action, inputs, "select") else {
        return Outcome::failed("InvalidTemplate", "Required property 'select' expects a value but got null.");
    };
    let scope = ctx.scope();
    let mut out = Vec::with_capacity(items.len());
    for item in items.iter().enumerate() {
        match evaluate_for(action, &select, &scope, item) {
            Ok(v) => out.push(v),
            Err(o) => return o,
        }
    }
    Outcome::succeeded(Some(json!({ "body": out })))
}
