//! Collection functions: `length`, `empty`, `contains`, `first`, `last`, `take`, `skip`,
//! `join`, `union`, `intersection`, `sort`, `reverse` (`chunk` is with the string functions;
//! it takes strings and arrays).

mod identity;

crate::functions::category! {
    length: [LENGTH],
    empty: [EMPTY],
    contains: [CONTAINS],
    first_last: [FIRST, LAST],
    take_skip: [TAKE, SKIP],
    join: [JOIN],
    set_ops: [UNION, INTERSECTION],
    sort: [SORT],
    reverse: [REVERSE],
}
