//! Voucher codes: random, human-friendly, typo-proof.
//!
//! A code is 19 random Crockford base-32 symbols (95 bits) plus one check symbol,
//! shown as four groups of five: `7KQ3F-9XW2M-0RTBH-4GNP8`. The check symbol is the
//! Crockford mod-37 checksum; because 37 is prime, it catches every single-symbol typo
//! and every swap of two neighbouring symbols. Codes whose checksum would need one of
//! Crockford's five extra check symbols (`*~$=U`) are never issued, so people only ever
//! see the 32 ordinary symbols.

use serde::{Deserialize, Serialize};
use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DATA_SYMBOLS: usize = 19;
const SYMBOLS: usize = DATA_SYMBOLS + 1;
const GROUP: usize = 5;
/// Random bytes needed for one candidate code (95 of the 96 bits are used).
pub const RANDOM_BYTES: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoucherCodeError {
    Empty,
    WrongLength { expected: usize, found: usize },
    InvalidCharacter(char),
    CheckFailed,
}

/// A well-formed voucher code in canonical form (20 symbols, no separators).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VoucherCode([u8; SYMBOLS]);

impl VoucherCode {
    /// Draws candidates from `random` until one has an ordinary check symbol
    /// (on average 1.16 draws).
    pub fn generate(mut random: impl FnMut() -> [u8; RANDOM_BYTES]) -> Self {
        loop {
            if let Some(code) = Self::from_random(random()) {
                return code;
            }
        }
    }

    /// The code made of these random bits, unless its checksum needs an extra symbol.
    pub fn from_random(bytes: [u8; RANDOM_BYTES]) -> Option<Self> {
        let bits = u128::from_be_bytes({
            let mut wide = [0u8; 16];
            wide[16 - RANDOM_BYTES..].copy_from_slice(&bytes);
            wide
        });
        let mut symbols = [0u8; SYMBOLS];
        for (index, symbol) in symbols.iter_mut().take(DATA_SYMBOLS).enumerate() {
            let shift = 5 * (DATA_SYMBOLS - 1 - index);
            *symbol = ALPHABET[((bits >> shift) & 0x1f) as usize];
        }
        let check = checksum(&symbols[..DATA_SYMBOLS]);
        let check_symbol = *ALPHABET.get(check)?;
        symbols[DATA_SYMBOLS] = check_symbol;
        Some(Self(symbols))
    }

    /// Reads a code as people type or paste it: any case, with or without hyphens or
    /// spaces, and with I/L read as 1 and O as 0.
    pub fn parse(input: &str) -> Result<Self, VoucherCodeError> {
        let mut symbols = Vec::with_capacity(SYMBOLS);
        for c in input.chars() {
            if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—') {
                continue;
            }
            let normalised = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !normalised.is_ascii() || !ALPHABET.contains(&(normalised as u8)) {
                return Err(VoucherCodeError::InvalidCharacter(c));
            }
            symbols.push(normalised as u8);
            if symbols.len() > SYMBOLS * 2 {
                break; // enough to say it is too long, without reading megabytes
            }
        }
        if symbols.is_empty() {
            return Err(VoucherCodeError::Empty);
        }
        let symbols: [u8; SYMBOLS] = symbols
            .as_slice()
            .try_into()
            .map_err(|_| VoucherCodeError::WrongLength { expected: SYMBOLS, found: symbols.len() })?;
        let expected = ALPHABET.get(checksum(&symbols[..DATA_SYMBOLS])).copied();
        if expected != Some(symbols[DATA_SYMBOLS]) {
            return Err(VoucherCodeError::CheckFailed);
        }
        Ok(Self(symbols))
    }

    /// A stored code shown grouped for reading; a value that is not a code is shown as is.
    pub fn display_stored(canonical: &str) -> String {
        Self::parse(canonical).map(|code| code.to_string()).unwrap_or_else(|_| canonical.to_owned())
    }

    /// The canonical form stored in the database: 20 symbols, no separators.
    pub fn canonical(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

/// Crockford's mod-37 checksum of the symbols read as one base-32 number.
fn checksum(symbols: &[u8]) -> usize {
    symbols.iter().fold(0usize, |sum, symbol| {
        let value = ALPHABET.iter().position(|a| a == symbol).unwrap_or(0);
        (sum * 32 + value) % 37
    })
}

impl fmt::Display for VoucherCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, group) in self.0.chunks(GROUP).enumerate() {
            if index > 0 {
                f.write_str("-")?;
            }
            f.write_str(&String::from_utf8_lossy(group))?;
        }
        Ok(())
    }
}

impl fmt::Debug for VoucherCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VoucherCode({self})")
    }
}

impl TryFrom<String> for VoucherCode {
    type Error = VoucherCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<VoucherCode> for String {
    fn from(code: VoucherCode) -> String {
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_code() -> impl Strategy<Value = VoucherCode> {
        any::<[u8; RANDOM_BYTES]>().prop_filter_map("needs an extra check symbol", VoucherCode::from_random)
    }

    #[test]
    fn display_is_four_groups_of_five() {
        let code = VoucherCode::generate(|| [7; RANDOM_BYTES]);
        let shown = code.to_string();
        assert_eq!(shown.len(), 23);
        assert_eq!(shown.split('-').map(str::len).collect::<Vec<_>>(), vec![5, 5, 5, 5]);
    }

    #[test]
    fn generation_skips_candidates_needing_an_extra_check_symbol() {
        let rejected = (0u8..=255)
            .map(|seed| [seed; RANDOM_BYTES])
            .find(|bytes| VoucherCode::from_random(*bytes).is_none())
            .expect("about one candidate in seven needs an extra symbol");
        let accepted_bytes = (0u8..=255)
            .map(|seed| [seed; RANDOM_BYTES])
            .find(|bytes| VoucherCode::from_random(*bytes).is_some())
            .expect("most candidates are accepted");
        let accepted = VoucherCode::from_random(accepted_bytes).unwrap();
        let mut draws = vec![accepted_bytes, rejected];
        let code = VoucherCode::generate(|| draws.pop().expect("generate stops at the first accepted draw"));
        assert_eq!(code, accepted);
        assert!(draws.is_empty());
    }

    #[test]
    fn parse_explains_what_is_wrong() {
        assert_eq!(VoucherCode::parse(" - "), Err(VoucherCodeError::Empty));
        assert_eq!(VoucherCode::parse("ABCDE"), Err(VoucherCodeError::WrongLength { expected: 20, found: 5 }));
        assert_eq!(VoucherCode::parse("ABCDE-U"), Err(VoucherCodeError::InvalidCharacter('U')));
        assert_eq!(VoucherCode::parse("<script>"), Err(VoucherCodeError::InvalidCharacter('<')));
        assert_eq!(VoucherCode::parse("ÁBCDE"), Err(VoucherCodeError::InvalidCharacter('Á')));
    }

    #[test]
    fn huge_input_is_refused_without_reading_it_all() {
        let huge = "A".repeat(1_000_000);
        assert!(matches!(VoucherCode::parse(&huge), Err(VoucherCodeError::WrongLength { .. })));
    }

    proptest! {
        #[test]
        fn round_trips_through_display_and_canonical(code in any_code()) {
            prop_assert_eq!(VoucherCode::parse(&code.to_string()), Ok(code.clone()));
            prop_assert_eq!(VoucherCode::parse(&code.canonical()), Ok(code.clone()));
            prop_assert_eq!(serde_json::from_str::<VoucherCode>(&serde_json::to_string(&code).unwrap()).unwrap(), code);
        }

        #[test]
        fn forgives_case_spacing_and_lookalikes(code in any_code()) {
            let typed: String = code
                .to_string()
                .to_lowercase()
                .replace('-', " ")
                .replace('0', "o")
                .replace('1', "l");
            prop_assert_eq!(VoucherCode::parse(&typed), Ok(code));
        }

        #[test]
        fn catches_every_single_symbol_typo(code in any_code(), position in 0..SYMBOLS, replacement in 0..32usize) {
            let mut symbols = code.canonical().into_bytes();
            prop_assume!(symbols[position] != ALPHABET[replacement]);
            symbols[position] = ALPHABET[replacement];
            let typo = String::from_utf8(symbols).unwrap();
            prop_assert_eq!(VoucherCode::parse(&typo), Err(VoucherCodeError::CheckFailed));
        }

        #[test]
        fn catches_every_adjacent_swap(code in any_code(), position in 0..SYMBOLS - 1) {
            let mut symbols = code.canonical().into_bytes();
            prop_assume!(symbols[position] != symbols[position + 1]);
            symbols.swap(position, position + 1);
            let swapped = String::from_utf8(symbols).unwrap();
            prop_assert_eq!(VoucherCode::parse(&swapped), Err(VoucherCodeError::CheckFailed));
        }
    }

    #[test]
    fn every_single_typo_of_one_code_is_caught_exhaustively() {
        let code = VoucherCode::generate(|| [0xA5; RANDOM_BYTES]);
        for position in 0..SYMBOLS {
            for &replacement in ALPHABET {
                let mut symbols = code.canonical().into_bytes();
                if symbols[position] == replacement {
                    continue;
                }
                symbols[position] = replacement;
                let typo = String::from_utf8(symbols).unwrap();
                assert_eq!(VoucherCode::parse(&typo), Err(VoucherCodeError::CheckFailed), "{typo}");
            }
        }
    }
}
