//! Logical comparison functions: `equals`, `greater`…, `and`, `or`, `not`, `if`.

crate::functions::category! {
    equals: [EQUALS],
    ordering: [GREATER, GREATER_OR_EQUALS, LESS, LESS_OR_EQUALS],
    and_or: [AND, OR],
    not: [NOT],
    if_: [IF],
}
