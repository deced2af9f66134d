//! Concentration: who made an index's return, and how concentrated its weights are.

use super::returns::{period_return, BaseConvention, Period};
pub use crate::model::Holding;
use crate::model::Series;
use serde::{Deserialize, Serialize};

/// One member's part in the index return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub symbol: String,
    pub sector: Option<String>,
    /// Normalised starting weight.
    pub weight: f64,
    pub member_return: f64,
    /// `w_i x R_i`.
    pub contribution: f64,
}

/// A sector's part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorContribution {
    pub sector: String,
    pub weight: f64,
    pub contribution: f64,
}

/// The report for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    pub period: Period,
    /// `R_p = sum_i w_i R_i` over the members with prices.
    pub total_return: f64,
    /// Members, largest contribution first.
    pub members: Vec<Contribution>,
    pub sectors: Vec<SectorContribution>,
    /// `(N, sum of the N largest contributions / R_p)` for N = 1, 5, 10.
    pub top_share: Vec<(usize, f64)>,
    /// `HHI = sum_i w_i^2` of the normalised weights.
    pub hhi: f64,
    /// `1 / HHI`.
    pub effective_holdings: f64,
    /// Holdings left out for lack of prices, with the reason.
    pub missing: Vec<(String, String)>,
}

/// Buy-and-hold contribution of each holding to the index return over `period`:
/// `c_i = w_i R_i` with `w_i` the starting weights normalised over the members with a return, so
/// that `sum_i c_i = R_p` exactly (weights drift within the period, as in a cap-weighted index).
pub fn concentration(
    holdings: &[Holding],
    prices: &[&Series],
    period: Period,
    base: BaseConvention,
) -> Concentration {
    let mut missing = Vec::new();
    let mut rows = Vec::new();
    for h in holdings {
        match prices.iter().find(|s| s.symbol == h.symbol) {
            None => missing.push((h.symbol.clone(), "no prices in the data".to_string())),
            Some(s) => match period_return(s, period, base) {
                Ok(r) => rows.push((h, r.value)),
                Err(e) => missing.push((h.symbol.clone(), e.describe())),
            },
        }
    }
    let total_weight: f64 = rows.iter().map(|(h, _)| h.weight).sum();
    let mut members: Vec<Contribution> = rows
        .iter()
        .map(|(h, r)| {
            let weight = h.weight / total_weight;
            Contribution {
                symbol: h.symbol.clone(),
                sector: h.sector.clone(),
                weight,
                member_return: *r,
                contribution: weight * r,
            }
        })
        .collect();
    members.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
    let total_return: f64 = members.iter().map(|m| m.contribution).sum();
    let mut sectors: Vec<SectorContribution> = Vec::new();
    for m in &members {
        let name = m.sector.clone().unwrap_or_else(|| "Unclassified".into());
        match sectors.iter_mut().find(|s| s.sector == name) {
            Some(s) => {
                s.weight += m.weight;
                s.contribution += m.contribution;
            }
            None => sectors.push(SectorContribution {
                sector: name,
                weight: m.weight,
                contribution: m.contribution,
            }),
        }
    }
    sectors.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
    let top_share = [1, 5, 10]
        .iter()
        .filter(|&&n| n <= members.len())
        .map(|&n| {
            (
                n,
                members.iter().take(n).map(|m| m.contribution).sum::<f64>() / total_return,
            )
        })
        .collect();
    let hhi: f64 = members.iter().map(|m| m.weight * m.weight).sum();
    Concentration {
        period,
        total_return,
        members,
        sectors,
        top_share,
        hhi,
        effective_holdings: 1.0 / hhi,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn contributions_add_up_and_concentration_by_hand() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mk = crate::model::series::q3_2025_series;
        let (a, b, c) = (
            mk("A", 100.0, 130.0),
            mk("B", 100.0, 90.0),
            mk("C", 100.0, 110.0),
        );
        let holdings = vec![
            Holding {
                symbol: "A".into(),
                weight: 50.0,
                sector: Some("Tech".into()),
            },
            Holding {
                symbol: "B".into(),
                weight: 30.0,
                sector: Some("Energy".into()),
            },
            Holding {
                symbol: "C".into(),
                weight: 20.0,
                sector: Some("Tech".into()),
            },
            Holding {
                symbol: "D".into(),
                weight: 5.0,
                sector: None,
            },
        ];
        let q3 = Period {
            start: d("2025-07-01"),
            end: d("2025-09-30"),
        };
        let r = concentration(&holdings, &[&a, &b, &c], q3, BaseConvention::PriorClose);
        // 0.5 x 30% + 0.3 x -10% + 0.2 x 10% = 15% - 3% + 2% = 14%.
        assert!((r.total_return - 0.14).abs() < 1e-12);
        assert_eq!(r.members[0].symbol, "A");
        assert!((r.top_share[0].1 - 0.15 / 0.14).abs() < 1e-12);
        assert_eq!(r.sectors[0].sector, "Tech");
        assert!((r.sectors[0].contribution - 0.17).abs() < 1e-12);
        assert!((r.hhi - (0.25 + 0.09 + 0.04)).abs() < 1e-12);
        assert!((r.effective_holdings - 1.0 / 0.38).abs() < 1e-12);
        assert_eq!(
            r.missing,
            vec![("D".to_string(), "no prices in the data".to_string())]
        );
    }
}
