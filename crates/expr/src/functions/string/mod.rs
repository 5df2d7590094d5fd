//! String functions: `concat`, `toLower`, `toUpper`, `trim`, `guid`.

crate::functions::category! {
    concat: [CONCAT],
    to_lower: [TO_LOWER],
    to_upper: [TO_UPPER],
    trim: [TRIM],
    guid: [GUID],
}
