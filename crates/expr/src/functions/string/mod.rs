//! String functions: `concat`, `substring`, `slice`, `replace`, `indexOf`, `lastIndexOf`,
//! `nthIndexOf`, `startsWith`, `endsWith`, `split`, `trim`, `toLower`, `toUpper`, `chunk`,
//! `isInt`, `isFloat`, `guid`, `trimByteOrderMark`, `encodeXmlValue`, `decodeXmlValue`,
//! `encodeXmlName`, `decodeXmlName`, `utf8Length`, `utf16Length`.
//!
//! Positions and lengths count UTF-16 code units, as in .NET (see `unicode.rs`); searches
//! (`indexOf`, `startsWith`, …) ignore case, `replace`, `split` and `contains` do not.

mod search;
pub(crate) mod unicode;

crate::functions::category! {
    concat: [CONCAT],
    substring: [SUBSTRING],
    slice: [SLICE],
    replace: [REPLACE],
    index_of: [INDEX_OF, LAST_INDEX_OF, NTH_INDEX_OF],
    starts_ends: [STARTS_WITH, ENDS_WITH],
    split: [SPLIT],
    trim: [TRIM],
    to_lower: [TO_LOWER],
    to_upper: [TO_UPPER],
    chunk: [CHUNK],
    is_number: [IS_INT, IS_FLOAT],
    guid: [GUID],
    format_number: [FORMAT_NUMBER],
    bom: [TRIM_BYTE_ORDER_MARK],
    xml_value: [ENCODE_XML_VALUE, DECODE_XML_VALUE],
    xml_name: [ENCODE_XML_NAME, DECODE_XML_NAME],
    utf_length: [UTF8_LENGTH, UTF16_LENGTH],
}
