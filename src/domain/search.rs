//! Finding a voucher by its code or a claim by its reference: what people may type, and
//! what they find. Who finds what is the server's (`server::search`); a hit says where it
//! is read.

use super::claim::ClaimStatus;
use super::ids::{ClaimId, EngagementId, VoucherId};
use super::money::Money;
use super::voucher_code::VoucherCode;
use super::voucher_status::VoucherStatus;
use serde::{Deserialize, Serialize};

/// What the search box was given, read the way people type or paste it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    VoucherCode(VoucherCode),
    /// In its canonical form, e.g. `SAVB-2026-7KQ3F9XW`.
    ClaimReference(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchError {
    Empty,
    /// Neither a voucher code nor a claim reference.
    Unrecognised,
}

/// The Crockford symbols claim references and voucher codes are written in.
const SYMBOLS: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Longer input is neither a code nor a reference; it is not read further.
const LONGEST: usize = 64;

impl SearchTerm {
    pub fn parse(input: &str) -> Result<Self, SearchError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(SearchError::Empty);
        }
        if input.chars().count() > LONGEST {
            return Err(SearchError::Unrecognised);
        }
        if let Some(reference) = claim_reference(input) {
            return Ok(Self::ClaimReference(reference));
        }
        VoucherCode::parse(input).map(Self::VoucherCode).map_err(|_| SearchError::Unrecognised)
    }
}

/// `SAVB-2026-7KQ3F9XW` from any case, with or without its hyphens and spaces, reading
/// O as 0 and I/L as 1 in the random part as voucher codes do.
fn claim_reference(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '–' | '—'))
        .collect::<String>()
        .to_ascii_uppercase();
    let rest = compact.strip_prefix("SAVB")?;
    if rest.len() != 12 || !rest.is_ascii() {
        return None;
    }
    let (year, symbols) = rest.split_at(4);
    if !year.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let symbols: String = symbols
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    symbols.chars().all(|c| SYMBOLS.contains(c)).then(|| format!("SAVB-{year}-{symbols}"))
}

/// One thing found, with what the reader needs to recognise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchHit {
    /// A customer's voucher.
    Voucher { id: VoucherId, code: String, offering: String, status: VoucherStatus },
    /// A partner's engagement on the voucher.
    Engagement { id: EngagementId, code: String, customer: String, status: VoucherStatus },
    /// A payment claim (the partner's own, or any for the operator).
    Claim { id: ClaimId, reference: String, partner: String, amount: Money, status: ClaimStatus, review: bool },
}

impl SearchHit {
    /// The page where the reader works with what was found.
    pub fn href(&self) -> String {
        match self {
            Self::Voucher { id, .. } => format!("/vouchers/{id}"),
            Self::Engagement { id, .. } => format!("/engagements/{id}/report"),
            Self::Claim { reference, review: true, .. } => format!("/review?find={reference}"),
            Self::Claim { reference, review: false, .. } => format!("/claims#claim-{reference}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_reference_reads_as_typed_or_pasted() {
        let expected = SearchTerm::ClaimReference("SAVB-2026-7KQ3F9XW".into());
        for typed in [
            "SAVB-2026-7KQ3F9XW",
            " savb-2026-7kq3f9xw ",
            "SAVB 2026 7KQ3F9XW",
            "savb20267kq3f9xw",
            "SAVB–2026—7KQ3F9XW",
        ] {
            assert_eq!(SearchTerm::parse(typed), Ok(expected.clone()), "{typed:?}");
        }
        assert_eq!(
            SearchTerm::parse("SAVB-2026-OKQ3FIXW"),
            Ok(SearchTerm::ClaimReference("SAVB-2026-0KQ3F1XW".into()))
        );
    }

    #[test]
    fn a_voucher_code_reads_as_its_parser_reads_it() {
        let code = VoucherCode::generate(|| [7; 12]);
        let typed = code.to_string().to_lowercase().replace('-', " ");
        assert_eq!(SearchTerm::parse(&typed), Ok(SearchTerm::VoucherCode(code.clone())));
        assert_eq!(SearchTerm::parse(&code.to_string()), Ok(SearchTerm::VoucherCode(code)));
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        assert_eq!(SearchTerm::parse("   "), Err(SearchError::Empty));
        for other in ["hello", "SAVB-26-7KQ3F9XW", "SAVB-2026-7KQ3F9X", "SAVB-2026-7KQ3F9XU", "'; DROP TABLE claims"] {
            assert_eq!(SearchTerm::parse(other), Err(SearchError::Unrecognised), "{other:?}");
        }
        assert_eq!(SearchTerm::parse(&"A".repeat(100_000)), Err(SearchError::Unrecognised));
    }

    #[test]
    fn each_hit_opens_where_its_reader_works_with_it() {
        let id = VoucherId::parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").expect("a valid id");
        let voucher =
            SearchHit::Voucher { id, code: "X".into(), offering: "DDPS".into(), status: VoucherStatus::Assigned };
        assert_eq!(voucher.href(), format!("/vouchers/{id}"));
        let claim = |review| SearchHit::Claim {
            id: ClaimId::parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b").expect("a valid id"),
            reference: "SAVB-2026-7KQ3F9XW".into(),
            partner: "Contoso".into(),
            amount: Money {
                minor_units: 100,
                currency: crate::domain::money::Currency::parse("EUR").expect("a currency"),
            },
            status: ClaimStatus::Submitted,
            review,
        };
        assert_eq!(claim(true).href(), "/review?find=SAVB-2026-7KQ3F9XW");
        assert_eq!(claim(false).href(), "/claims#claim-SAVB-2026-7KQ3F9XW");
    }
}
