//! A scenario file as the report shows it: the TOML without its comments (whole-line and
//! end-of-line) and without blank lines, everything else as written. A `#` inside a string
//! ("…", '…', and their multi-line forms) is text, not a comment. Pure: no I/O.

/// Where the scanner is: outside any string, or inside one of TOML's four string kinds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Code,
    Basic,
    Literal,
    MultiBasic,
    MultiLiteral,
}

/// The scenario text without comments or blank lines. Lines inside a multi-line string are
/// kept as they are, blank ones included.
pub fn without_comments(text: &str) -> String {
    let mut state = In::Code;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let started_in_string = matches!(state, In::MultiBasic | In::MultiLiteral);
        let mut kept = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            let step = match state {
                In::Code => {
                    if c == '#' {
                        break;
                    } else if rest.starts_with("\"\"\"") {
                        state = In::MultiBasic;
                        3
                    } else if rest.starts_with("'''") {
                        state = In::MultiLiteral;
                        3
                    } else if c == '"' {
                        state = In::Basic;
                        1
                    } else if c == '\'' {
                        state = In::Literal;
                        1
                    } else {
                        c.len_utf8()
                    }
                }
                In::Basic | In::MultiBasic if c == '\\' => {
                    // An escape: the backslash and the character after it.
                    1 + rest[1..].chars().next().map_or(0, char::len_utf8)
                }
                In::Basic if c == '"' => {
                    state = In::Code;
                    1
                }
                In::Literal if c == '\'' => {
                    state = In::Code;
                    1
                }
                In::MultiBasic if rest.starts_with("\"\"\"") => {
                    state = In::Code;
                    3
                }
                In::MultiLiteral if rest.starts_with("'''") => {
                    state = In::Code;
                    3
                }
                _ => c.len_utf8(),
            };
            kept.push_str(&rest[..step]);
            rest = &rest[step..];
        }
        // A one-line string cannot run past its line (the loader has already rejected such a
        // file; this keeps a broken one from swallowing the rest).
        if matches!(state, In::Basic | In::Literal) {
            state = In::Code;
        }
        let kept = kept.trim_end();
        if started_in_string || !kept.trim().is_empty() {
            out.push(kept.to_string());
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_of_line_and_whole_line_comments_go() {
        let text = "# a scenario\n[run]\ntrials = 400          # sampled worlds\n\nseed = 1 #x\n";
        assert_eq!(without_comments(text), "[run]\ntrials = 400\nseed = 1");
    }

    #[test]
    fn a_hash_inside_a_string_stays() {
        let text = concat!(
            "name = \"team #1\" # the first\n",
            "tag = 'a#b'\n",
            "q = \"say \\\"#\\\" here\" # c\n",
            "d = \"\"\"\nline # not a comment\n\n\"\"\" # end\n",
            "e = '''x # y''' # z\n",
        );
        assert_eq!(
            without_comments(text),
            concat!(
                "name = \"team #1\"\n",
                "tag = 'a#b'\n",
                "q = \"say \\\"#\\\" here\"\n",
                "d = \"\"\"\nline # not a comment\n\n\"\"\"\n",
                "e = '''x # y'''",
            )
        );
    }
}
