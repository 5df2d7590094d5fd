//! `xpath(xml, expression)`: XPath 1.0 over XML content (see `crate::xml` for the result
//! shapes: node-sets are arrays of XML envelopes or strings, numbers are floats).

use crate::functions::prelude::*;
use crate::xml::{self, XPathError};

pub(crate) const XPATH: Function = Function {
    name: "xpath",
    summary: "Returns the nodes or value an XPath 1.0 expression selects in XML content.",
    params: &[
        param("xml", Ty::Content, "XML content, e.g. xml(parameters('items'))."),
        param("xpath", Ty::String, "The XPath 1.0 expression."),
    ],
    returns: Ty::Any,
    imp: Eager(xpath),
    examples: &[
        ok(
            "xpath(xml('<produce><item><name>Gala</name><count>20</count></item><item><name>Honeycrisp</name><count>10</count></item></produce>'), 'sum(/produce/item/count)')",
            "30.0",
        ),
        ok("xpath(xml('<r><a>x</a><a>y</a></r>'), '/r/a/text()')", r#"["x", "y"]"#),
        ok(
            "xpath(xml('<r><b>second</b></r>'), '/r/b')",
            r#"[{"$content-type": "application/xml;charset=utf-8", "$content": "PGI+c2Vjb25kPC9iPg=="}]"#,
        ),
        ok("xpath(xml('<r n=\"1\"/>'), 'string(/r/@n)')", r#""1""#),
        ok("xpath(xml('<r/>'), 'count(/r) = 1')", "true"),
        ok("xpath(xml('<r/>'), '/x')", "[]"),
        fails(
            "xpath('<r/>', '/r')",
            "The template language function 'xpath' expects its first parameter to be an XML object. The provided value is of type 'String'.",
        ),
        fails("xpath(xml('<r/>'), '/r[')", "The provided XPath expression '/r[' is not valid"),
    ],
};

fn xpath(call: Call<'_>) -> Result<Value, EvalError> {
    let Some((_, bytes)) = call.value(0).as_content() else {
        return Err(call.error(format_args!(
            "expects its first parameter to be an XML object. The provided value is of type '{}'.",
            call.value(0).type_name()
        )));
    };
    let expression = call.string(1)?;
    let doc = xml::parse(&String::from_utf8_lossy(&bytes)).map_err(|e| {
        call.error(format_args!(
            "parameter is not valid. The provided value cannot be parsed as XML: '{e}'."
        ))
    })?;
    xml::xpath(&doc, expression).map_err(|e| match e {
        XPathError::Invalid(why) => call.error(format_args!(
            "parameter is not valid. The provided XPath expression '{expression}' is not valid: {why}."
        )),
        XPathError::Failed(why) => call.error(format_args!(
            "failed to evaluate the XPath expression '{expression}': {why}."
        )),
    })
}
