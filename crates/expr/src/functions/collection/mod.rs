//! Collection functions: `length`, `empty`, `contains`, `first`, `last`.

crate::functions::category! {
    length: [LENGTH],
    empty: [EMPTY],
    contains: [CONTAINS],
    first_last: [FIRST, LAST],
}
