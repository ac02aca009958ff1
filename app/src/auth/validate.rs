//! Parse, don't validate: the service only ever sees values that passed these. Pure code, also
//! compiled for the browser.

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_BYTES: usize = 1024;
pub const NAME_MAX_CHARS: usize = 100;
pub const EMAIL_MAX_BYTES: usize = 320;

/// A trimmed, lower-cased email address of a plausible shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, String> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.".into());
        }
        if email.len() > EMAIL_MAX_BYTES {
            return Err("That email address is too long.".into());
        }
        let plausible = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !plausible {
            return Err("Enter an email address like name@example.com.".into());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password of 8 characters up to 1,024 bytes, taken exactly as typed (never trimmed or
/// truncated; any Unicode; no composition rules).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(raw: String) -> Result<Password, String> {
        // Checked first and by bytes, so an oversized body is refused before any other work.
        if raw.len() > PASSWORD_MAX_BYTES {
            return Err(format!(
                "Use at most {PASSWORD_MAX_BYTES} bytes (a long passphrase is fine, but not that long)."
            ));
        }
        if raw.chars().count() < PASSWORD_MIN_CHARS {
            return Err(format!("Use at least {PASSWORD_MIN_CHARS} characters."));
        }
        Ok(Password(raw))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A display name: trimmed, 1–100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub fn parse(raw: &str) -> Result<Name, String> {
        let name = raw.trim();
        if name.is_empty() {
            return Err("Enter your name.".into());
        }
        if name.chars().count() > NAME_MAX_CHARS {
            return Err(format!("Use at most {NAME_MAX_CHARS} characters."));
        }
        if name.chars().any(char::is_control) {
            return Err("Use letters, numbers and punctuation only.".into());
        }
        Ok(Name(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where to go after signing in: only a relative path on this site ("/tasks?x=1"), never another
/// origin ("//evil.example", "https://…", "/\\evil").
pub fn safe_next(raw: &str) -> Option<String> {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.starts_with("/\\")
        && raw.len() <= 512
        && raw.chars().all(|c| c.is_ascii_graphic() && c != '\\');
    ok.then(|| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@b@c.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn passwords_count_characters_and_cap_bytes() {
        assert!(Password::parse("1234567".into()).is_err());
        assert!(Password::parse("12345678".into()).is_ok());
        // 8 characters of 4 bytes each.
        assert!(Password::parse("🔑🔑🔑🔑🔑🔑🔑🔑".into()).is_ok());
        // Spaces are kept as typed.
        assert_eq!(
            Password::parse("  spaced  ".into()).unwrap().expose(),
            "  spaced  "
        );
        assert!(Password::parse("x".repeat(1024)).is_ok());
        let err = Password::parse("x".repeat(1025)).unwrap_err();
        assert!(err.contains("1024"));
        assert!(
            !format!("{:?}", Password::parse("secret-pass".into()).unwrap()).contains("secret")
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            Name::parse("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse(&"a".repeat(101)).is_err());
        assert!(Name::parse("a\u{0007}b").is_err());
    }

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(
            safe_next("/tasks?status=open"),
            Some("/tasks?status=open".into())
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "tasks",
            "/a b",
            "",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
