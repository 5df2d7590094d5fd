//! `appsetting(name)`: an application setting (Logic Apps Standard).

use crate::functions::prelude::*;

pub(crate) const APPSETTING: Function = Function {
    name: "appsetting",
    summary: "Returns the value of an application setting.",
    params: &[param(
        "settingName",
        Ty::String,
        "The application setting's name.",
    )],
    returns: Ty::String,
    imp: Eager(appsetting),
    examples: &[
        ok("appsetting('Region')", r#""westeurope""#),
        fails("appsetting('Missing')", "app setting 'Missing'"),
        fails("appsetting()", "expects 1 parameter(s)"),
    ],
};

fn appsetting(call: Call<'_>) -> Result<Value, EvalError> {
    call.ctx.scope.app_setting(call.string(0)?)
}
