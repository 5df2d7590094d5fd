//! JSON and XML manipulation functions: `coalesce`, `addProperty`, `setProperty`,
//! `removeProperty`, `mergeObjects`, `xpath`, and two Flowline additions: `jsonPath` (JSONPath
//! queries with the `jsonpath-rust` crate) and `template` (Handlebars rendering in strict mode,
//! with the `handlebars` crate). Both crates build for wasm32, so no feature gate is needed.

use indexmap::IndexMap;

use crate::value::{Value, eq_ignore_case};

crate::functions::category! {
    coalesce: [COALESCE],
    add_property: [ADD_PROPERTY],
    set_property: [SET_PROPERTY],
    remove_property: [REMOVE_PROPERTY],
    merge_objects: [MERGE_OBJECTS],
    xpath: [XPATH],
    json_path: [JSON_PATH],
    template: [TEMPLATE],
}

/// The key of `map` that property `name` refers to: the exact spelling if present, else the
/// first case-insensitive match in key order (as property access does).
fn existing_key(map: &IndexMap<String, Value>, name: &str) -> Option<String> {
    if map.contains_key(name) {
        return Some(name.to_owned());
    }
    map.keys().find(|k| eq_ignore_case(k, name)).cloned()
}
