//! `listCallbackUrl()`: the callback URL of the current webhook trigger or action.

use crate::functions::prelude::*;

pub(crate) const LIST_CALLBACK_URL: Function = Function {
    name: "listCallbackUrl",
    summary: "Returns the callback URL of the current HttpWebhook or ApiConnectionWebhook trigger or action.",
    params: &[],
    returns: Ty::String,
    imp: Eager(list_callback_url),
    examples: &[
        fails("listCallbackUrl()", "no callback URL"),
        fails("listCallbackUrl('x')", "expects 0 parameter(s)"),
    ],
};

fn list_callback_url(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.list_callback_url()
}
