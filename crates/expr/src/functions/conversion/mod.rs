//! Conversion functions: `int`, `float`, `decimal`, `string`, `bool`, `json`, `createArray`,
//! `base64`, `base64ToString`.

use crate::functions::prelude::*;

crate::functions::category! {
    int: [INT],
    float: [FLOAT],
    decimal: [DECIMAL],
    string: [STRING],
    bool_: [BOOL],
    json: [JSON],
    create_array: [CREATE_ARRAY],
    base64: [BASE64, BASE64_TO_STRING],
}

/// "was invoked with a parameter that is not valid. The value '…' could not be converted…"
fn not_convertible(call: &Call<'_>) -> EvalError {
    call.error(format_args!(
        "was invoked with a parameter that is not valid. The value '{}' could not be converted to the target type.",
        call.value(0).to_text()
    ))
}
