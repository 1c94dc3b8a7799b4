//! Escaping plain text for HTML: every place that writes HTML from our text (ninjs
//! export, search snippets) uses this one function.

/// Appends `text` to `out`, escaped for HTML element content and quoted attribute values.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` escaped for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped_and_arabic_kept() {
        assert_eq!(
            super::escape("<b a=\"1\">«خبر» & 'نص'</b>"),
            "&lt;b a=&quot;1&quot;&gt;«خبر» &amp; &#39;نص&#39;&lt;/b&gt;"
        );
    }
}
