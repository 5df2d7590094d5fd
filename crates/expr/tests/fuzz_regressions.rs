//! Inputs the `parse_eval` fuzz target (`crates/expr/fuzz`) found crashing, kept as tests. Every
//! input must parse and evaluate to a value or an error — never panic.

use flowline_expr::testing::MapScope;
use flowline_expr::{EvalError, Template, Value};

fn evaluate(text: &str) -> Result<Value, EvalError> {
    let template = Template::parse(text).expect("the reproducer parses");
    template.evaluate(&MapScope::example())
}

/// `crash-da77a919…` (also `crash-ba1d6245…`, `crash-c0a80f3a…`): sxd-xpath panicked ("No namespace for
/// prefix") on a name test whose prefix the XPath context does not declare. .NET fails such a
/// query ("Namespace Manager or XsltContext needed"); so must we, with an error.
#[test]
fn xpath_with_an_undeclared_namespace_prefix_is_an_error() {
    assert!(evaluate("@xpath(xmL('<r/>'), 'VV:osuVVVVxm')").is_err());
    assert!(evaluate("@xpath(xml('<r/>'), 'nVVVVVVVVV:osuchVVVVVVVVstartOfDaV')").is_err());
    assert!(evaluate("@xpath(xmL('<r/>'), 'nVVVMM-d= HHH:mmVVxm')").is_err());
    assert!(evaluate("@xpath(xml('<r><a/></r>'), '/r/p:a')").is_err());
    assert!(evaluate("@xpath(xml('<r><a/></r>'), 'count(//q:*)')").is_err());
}

/// Found by reading the fuzzer's slow inputs: each `range` is within its own limit, but hundreds
/// of them in one `createArray` took gigabytes. One evaluation's results now have a budget.
#[test]
fn many_large_intermediate_arrays_hit_the_evaluation_budget() {
    let ranges = vec!["range(0,100000)"; 440].join(",");
    let err = evaluate(&format!("@length(createArray({ranges}))")).unwrap_err();
    assert!(err.message.contains("more data than one evaluation may hold"), "{}", err.message);
    // A large but reasonable expression still works.
    assert_eq!(evaluate("@length(range(0,100000))").unwrap(), Value::Int(100_000));
}
