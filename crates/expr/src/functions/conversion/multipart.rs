//! `triggerMultipartBody(index)` and `multipartBody(actionName, index)`: the body of one part of
//! a multipart body (`"$multipart": [{"headers", "body"}]`), counted from 0.

use super::body_of;
use crate::functions::Param;
use crate::functions::prelude::*;

const INDEX: Param = param("index", Ty::Integer, "The 0-based index of the part.");

pub(crate) const TRIGGER_MULTIPART_BODY: Function = Function {
    name: "triggerMultipartBody",
    summary: "Returns the body of one part of the trigger's multipart body.",
    params: &[INDEX],
    returns: Ty::Any,
    imp: Eager(part),
    examples: &[
        fails("triggerMultipartBody(0)", "expects the trigger body to be multipart content"),
        fails("triggerMultipartBody('0')", "expects its parameter to be an integer"),
        fails("triggerMultipartBody()", "expects 1 parameter(s)"),
    ],
};

pub(crate) const MULTIPART_BODY: Function = Function {
    name: "multipartBody",
    summary: "Returns the body of one part of an action's multipart body.",
    params: &[param("actionName", Ty::String, "The action whose body is multipart."), INDEX],
    returns: Ty::Any,
    imp: Eager(part),
    examples: &[
        fails("multipartBody('Get_user', 0)", "expects the body of action 'Get_user' to be multipart content"),
        fails("multipartBody('Get_user', 'a')", "expects its second parameter to be an integer"),
        fails("multipartBody('Get_user')", "expects 2 parameter(s)"),
    ],
};

fn part(call: Call<'_>) -> Result<Value, EvalError> {
    let index = call.int(call.len() - 1)?;
    let (body, whose) = body_of(&call)?;
    let Some(parts) = body.multipart() else {
        return Err(call.error(format_args!(
            "expects {whose} to be multipart content ('$multipart'). The provided value is of type '{}'.",
            body.type_name()
        )));
    };
    let found = usize::try_from(index).ok().and_then(|i| parts.get(i));
    match found {
        Some(part) => Ok(part.path(&["body"])),
        None => Err(call.error(format_args!(
            "was invoked with an index '{index}' that is out of range: the body has {} part(s).",
            parts.len()
        ))),
    }
}
