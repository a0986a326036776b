//! Small helpers for writing the report's HTML: escaping, and a string builder that keeps
//! every element closed (the page is also well-formed XML). Pure: no I/O.

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in XML.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// One command-line argument, quoted for a POSIX shell when it needs it.
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./=:,+@%".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// A page being written.
#[derive(Default)]
pub struct Page {
    out: String,
}

impl Page {
    /// Raw markup (already escaped or trusted).
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }
    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.out.push_str(&escape(text));
        self
    }
    /// `<tag attrs>escaped text</tag>` and a newline.
    pub fn el(&mut self, tag: &str, attrs: &str, text: &str) -> &mut Self {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
        self.out.push('\n');
        self
    }
    /// `<tag attrs>`.
    pub fn open(&mut self, tag: &str, attrs: &str) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        if !attrs.is_empty() {
            self.out.push(' ');
            self.out.push_str(attrs);
        }
        self.out.push('>');
        self
    }
    /// `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }
    /// The markup.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<b>"A&B's"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
        assert_eq!(escape("a\u{1}b"), "a\u{fffd}b");
    }

    #[test]
    fn quotes_shell_arguments_only_when_needed() {
        assert_eq!(
            shell_quote("scenarios/default.toml"),
            "scenarios/default.toml"
        );
        assert_eq!(shell_quote("my file.toml"), "'my file.toml'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn elements_close() {
        let mut p = Page::default();
        p.open("p", "class=\"x\"").text("a<b").close("p");
        p.el("td", "", "1 & 2");
        assert_eq!(p.finish(), "<p class=\"x\">a&lt;b</p><td>1 &amp; 2</td>\n");
    }
}
