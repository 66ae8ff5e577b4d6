//! CSV exports (vouchers, claims): RFC 4180 quoting, and formula-looking cells defused so
//! a spreadsheet opening the file never runs them.

/// One CSV line (with its newline) from the fields in order.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut row = fields.iter().map(|field| field_text(field.as_ref())).collect::<Vec<_>>().join(",");
    row.push('\n');
    row
}

/// Quotes a field when needed, and defuses spreadsheet formulas (`=`, `+`, `-`, `@`).
fn field_text(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field_text("plain"), "plain");
        assert_eq!(field_text("Sales, North"), "\"Sales, North\"");
        assert_eq!(field_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field_text("-5"), "'-5");
        assert_eq!(line(&["a", "b,c"]), "a,\"b,c\"\n");
    }
}
