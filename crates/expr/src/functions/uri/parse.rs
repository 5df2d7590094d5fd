//! A small parser for absolute URIs with the results of .NET `System.Uri`, which the URI
//! functions expose: `Scheme` (lower case), `Host` (lower case, IPv6 in brackets), `Port`
//! (explicit, else the scheme's default, else -1), `AbsolutePath` (escaped, dot segments
//! removed, `/` when empty) and `Query` (with its `?`, or empty). The fragment and user info are
//! parsed over and dropped.
//!
//! Like .NET, surrounding white space is ignored, `\` counts as `/` in `http`, `https`, `ws`,
//! `wss`, `ftp` and `file` URIs, a Windows path (`C:\dir\file`) or UNC path (`\\server\share`)
//! is a `file` URI, and characters not allowed in a URI (space, `"`, `<`, `>`, non-ASCII, …) are
//! percent-encoded as UTF-8. Errors use .NET's `UriFormatException` messages.

/// The parts of an absolute URI, as .NET `System.Uri` reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uri {
    pub scheme: String,
    pub host: String,
    pub port: i64,
    pub path: String,
    pub query: String,
}

const EMPTY: &str = "Invalid URI: The URI is empty.";
const NO_FORMAT: &str = "Invalid URI: The format of the URI could not be determined.";
const BAD_HOST: &str = "Invalid URI: The hostname could not be parsed.";
const BAD_PORT: &str = "Invalid URI: Invalid port specified.";

/// Schemes whose URIs must have a host (and in which `\` is read as `/`).
const NEEDS_HOST: &[&str] = &["http", "https", "ws", "wss", "ftp"];

/// The default port of the schemes .NET knows, else -1.
fn default_port(scheme: &str) -> i64 {
    match scheme {
        "http" | "ws" => 80,
        "https" | "wss" => 443,
        "ftp" => 21,
        "telnet" => 23,
        "mailto" => 25,
        "gopher" => 70,
        "nntp" => 119,
        "ldap" => 389,
        "net.tcp" => 808,
        _ => -1,
    }
}

/// Parses an absolute URI; the error is the .NET message.
pub(crate) fn parse(text: &str) -> Result<Uri, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EMPTY);
    }
    if let Some(path) = windows_path(text) {
        return parse(&path);
    }
    let (scheme, rest) = text.split_once(':').ok_or(NO_FORMAT)?;
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return Err(NO_FORMAT);
    }
    let scheme = scheme.to_ascii_lowercase();
    let backslashes = NEEDS_HOST.contains(&scheme.as_str()) || scheme == "file";
    let (before_fragment, _) = rest.split_once('#').unwrap_or((rest, ""));
    let (hier, query) = match before_fragment.split_once('?') {
        Some((hier, query)) => (hier, format!("?{}", escape(query))),
        None => (before_fragment, String::new()),
    };
    let hier = if backslashes {
        hier.replace('\\', "/")
    } else {
        hier.to_owned()
    };
    let (host, port, path) = match hier.strip_prefix("//") {
        Some(after) => {
            let (authority, path) = after.split_at(after.find('/').unwrap_or(after.len()));
            let (host, port) = authority_parts(authority, &scheme)?;
            let path = if path.is_empty() {
                "/".to_owned()
            } else {
                remove_dot_segments(path)
            };
            (host, port, path)
        }
        None if NEEDS_HOST.contains(&scheme.as_str()) => return Err(BAD_HOST),
        None => (String::new(), default_port(&scheme), hier),
    };
    Ok(Uri {
        path: escape(&path),
        scheme,
        host,
        port,
        query,
    })
}

/// `C:\dir\file` → `file:///C:/dir/file`; `\\server\share` → `file://server/share`.
fn windows_path(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
    {
        return Some(format!("file:///{}", text.replace('\\', "/")));
    }
    let unc = text.strip_prefix("\\\\")?;
    Some(format!("file://{}", unc.replace('\\', "/")))
}

/// Host (lower case) and port from `userinfo@host:port`.
fn authority_parts(authority: &str, scheme: &str) -> Result<(String, i64), &'static str> {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = if host_port.starts_with('[') {
        let end = host_port.find(']').ok_or(BAD_HOST)?;
        let (host, rest) = host_port.split_at(end + 1);
        let valid = host[1..end]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'));
        if !valid || !(rest.is_empty() || rest.starts_with(':')) {
            return Err(BAD_HOST);
        }
        (host, rest.strip_prefix(':'))
    } else {
        match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    let bad_char = |c: char| c.is_control() || c.is_whitespace() || "<>\"{}|\\^`%[]/:".contains(c);
    if (host.is_empty() && NEEDS_HOST.contains(&scheme))
        || (!host.starts_with('[') && host.contains(bad_char))
    {
        return Err(BAD_HOST);
    }
    let port = match port {
        None | Some("") => default_port(scheme),
        Some(digits) if digits.chars().all(|c| c.is_ascii_digit()) => digits
            .parse::<i64>()
            .ok()
            .filter(|p| *p <= 65535)
            .ok_or(BAD_PORT)?,
        Some(_) => return Err(BAD_PORT),
    };
    Ok((host.to_lowercase(), port))
}

/// RFC 3986 §5.2.4: resolves `.` and `..` segments of an absolute path.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            "." if last => out.push(""),
            "." => {}
            other => out.push(other),
        }
    }
    format!("/{}", out.join("/"))
}

/// Percent-encodes what may not appear in a URI (keeping valid `%XX` escapes).
fn escape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let escaped_already = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let allowed = c.is_ascii_graphic() && !"\"<>\\^`{|}%".contains(c);
        if allowed || escaped_already {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn parses_like_system_uri() {
        let u = uri("HTTPS://User:pw@WWW.Contoso.com:8080/a/./b/../c d?x=1 2&y=ü#frag");
        assert_eq!(u.scheme, "https");
        assert_eq!(u.host, "www.contoso.com");
        assert_eq!(u.port, 8080);
        assert_eq!(u.path, "/a/c%20d");
        assert_eq!(u.query, "?x=1%202&y=%C3%BC");
        let u = uri("http://[::1]/");
        assert_eq!((u.host.as_str(), u.port), ("[::1]", 80));
        assert_eq!(uri("https://x.com").path, "/");
        assert_eq!(uri("https://x.com/a/..").path, "/");
        assert_eq!(uri("https://x.com/a/b/..").path, "/a/");
        assert_eq!(uri("http://x.com/%41%zz").path, "/%41%25zz");
        assert_eq!(uri("http:\\\\x.com\\a\\b").path, "/a/b");
    }

    #[test]
    fn other_schemes_and_paths() {
        let u = uri("urn:isbn:0451450523");
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("", -1, "isbn:0451450523")
        );
        let u = uri("file:///C:/dir/file.txt");
        assert_eq!(
            (u.host.as_str(), u.path.as_str(), u.port),
            ("", "/C:/dir/file.txt", -1)
        );
        assert_eq!(uri("C:\\dir\\a b.txt").path, "/C:/dir/a%20b.txt");
        assert_eq!(uri("\\\\server\\share\\f").host, "server");
        assert_eq!(uri("ftp://x.org").port, 21);
        assert_eq!(uri("  http://x.org/?  ").query, "?");
    }

    #[test]
    fn rejects_what_system_uri_rejects() {
        assert_eq!(parse(""), Err(EMPTY));
        assert_eq!(parse("www.contoso.com"), Err(NO_FORMAT));
        assert_eq!(parse("/relative/path"), Err(NO_FORMAT));
        assert_eq!(parse("1http://x"), Err(NO_FORMAT));
        assert_eq!(parse("http://"), Err(BAD_HOST));
        assert_eq!(parse("http:x.com"), Err(BAD_HOST));
        assert_eq!(parse("http://a b.com/"), Err(BAD_HOST));
        assert_eq!(parse("http://x.com:99999/"), Err(BAD_PORT));
        assert_eq!(parse("http://x.com:8o/"), Err(BAD_PORT));
    }
}
