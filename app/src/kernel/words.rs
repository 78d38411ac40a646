//! Words every domain parses the same way: closed sets of codes (states, kinds, reasons) that
//! round-trip through the database and forms, slugs made from titles, and free text from forms.
//! Each parse returns the Fluent id of what is wrong, so a form shows it beside the field.

/// A closed set of codes: an enum with `ALL`, `code()` and `parse()`.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use codes;

/// A slug from a title (accents folded), for the form's suggestion.
pub fn slug_from(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect::<String>().trim_end_matches('-').to_owned()
}

fn fold(c: char) -> Vec<char> {
    let base = match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        c => c,
    };
    vec![base]
}

/// Free text of at most `max` characters, trimmed, without control characters but newlines.
pub fn parse_text(s: &str, max: usize, code: &'static str) -> Result<String, &'static str> {
    let s = s.trim().replace("\r\n", "\n");
    if s.chars().count() > max || s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(code);
    }
    Ok(s)
}

/// A required line of text.
pub fn parse_line(s: &str, max: usize, code: &'static str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > max || s.chars().any(char::is_control) {
        return Err(code);
    }
    Ok(s.to_owned())
}
