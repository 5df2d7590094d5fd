//! `template(text, data)`: a Flowline addition — renders a Handlebars template (the
//! `handlebars` crate) against a value, in strict mode (a missing variable is an error naming
//! it) and without HTML escaping.
//!
//! Hostile templates are bounded: block helpers may nest at most [`MAX_BLOCK_DEPTH`] deep and
//! the output stops at the string limit while it is written.

use std::io::{self, Write};

use handlebars::Handlebars;

use crate::functions::MAX_STRING_CHARS;
use crate::functions::call::check_length;
use crate::functions::prelude::*;

/// Deepest nesting of block helpers (`{{#each}}`, `{{#if}}`, …).
const MAX_BLOCK_DEPTH: usize = 16;

pub(crate) const TEMPLATE: Function = Function {
    name: "template",
    summary: "Renders a Handlebars template with the given data, strictly and without HTML escaping (Flowline addition).",
    params: &[
        param("template", Ty::String, "The Handlebars template text."),
        param("data", Ty::Any, "The value the template reads ({{name}}, {{#each items}}…)."),
    ],
    returns: Ty::String,
    imp: Eager(template),
    examples: &[
        ok("template('Hi {{name}}!', json('{\"name\": \"Ada\"}'))", r#""Hi Ada!""#),
        ok("template('{{#each this}}{{this}};{{/each}}', createArray(1, 2))", r#""1;2;""#),
        ok("template('<{{x}}>', json('{\"x\": \"a&b\"}'))", r#""<a&b>""#),
        fails("template('Hi {{nmae}}', json('{\"name\": \"Ada\"}'))", "nmae"),
        fails("template('{{#if}}', null)", "The template language function 'template' could not render the template:"),
    ],
};

fn template(call: Call<'_>) -> Result<Value, EvalError> {
    let text = call.string(0)?;
    if block_depth(text) > MAX_BLOCK_DEPTH {
        return Err(call.error(format_args!(
            "could not render the template: block helpers nest more than {MAX_BLOCK_DEPTH} deep."
        )));
    }
    let mut engine = Handlebars::new();
    engine.set_strict_mode(true);
    engine.register_escape_fn(handlebars::no_escape);
    let mut out = Bounded(Vec::new());
    let rendered = engine.render_template_to_write(text, &call.value(1).to_json(), &mut out);
    if out.0.len() > MAX_STRING_CHARS * 4 {
        check_length(call.name, usize::MAX, || usize::MAX)?;
    }
    rendered.map_err(|e| call.error(format_args!("could not render the template: {e}")))?;
    call.checked_text(String::from_utf8_lossy(&out.0).into_owned())
}

/// The deepest nesting of `{{#…}}` … `{{/…}}` blocks.
fn block_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (i, _) in text.match_indices("{{") {
        match text[i + 2..].trim_start_matches('~').chars().next() {
            Some('#') => depth += 1,
            Some('/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}

/// A buffer that refuses to grow past the longest string an expression may produce.
struct Bounded(Vec<u8>);

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.0.len() + buf.len() > MAX_STRING_CHARS * 4 {
            self.0.extend_from_slice(buf);
            return Err(io::Error::other("output too long"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted() {
        assert_eq!(block_depth("{{#if a}}{{#each b}}{{/each}}{{/if}}{{#if c}}{{/if}}"), 2);
        assert_eq!(block_depth("{{~#if a}}x{{~/if}}"), 1);
    }
}
