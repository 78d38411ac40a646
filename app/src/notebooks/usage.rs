//! Usage accounting: requested core-hours and memory per person and per institution, for a period.

use super::store::usage::Span;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// The institution (or the person's name, for per-person totals).
    pub name: String,
    pub people: usize,
    pub servers: usize,
    pub hours: f64,
    pub core_hours: f64,
    pub gib_hours: f64,
}

/// Sums spans by a key; sorted by core-hours, largest first.
fn totals(spans: &[Span], key: impl Fn(&Span) -> String) -> Vec<Total> {
    let mut map: BTreeMap<String, (BTreeSet<i64>, usize, f64, f64, f64)> = BTreeMap::new();
    for s in spans {
        let e = map.entry(key(s)).or_default();
        let hours = s.seconds as f64 / 3600.0;
        e.0.insert(s.user_id);
        e.1 += 1;
        e.2 += hours;
        e.3 += hours * s.cpu_millis as f64 / 1000.0;
        e.4 += hours * s.memory_bytes as f64 / f64::from(1u32 << 30);
    }
    let mut out: Vec<Total> = map
        .into_iter()
        .map(|(name, (people, servers, hours, core_hours, gib_hours))| Total {
            name,
            people: people.len(),
            servers,
            hours,
            core_hours,
            gib_hours,
        })
        .collect();
    out.sort_by(|a, b| b.core_hours.total_cmp(&a.core_hours).then_with(|| a.name.cmp(&b.name)));
    out
}

pub fn by_institution(spans: &[Span]) -> Vec<Total> {
    totals(spans, |s| s.institution.clone())
}

/// Totals of the launches accounted to a cohort (the others are left out).
pub fn by_cohort(spans: &[Span]) -> Vec<Total> {
    let cohort_spans: Vec<Span> = spans.iter().filter(|s| !s.cohort.is_empty()).cloned().collect();
    totals(&cohort_spans, |s| s.cohort.clone())
}

pub fn by_person(spans: &[Span]) -> Vec<Total> {
    totals(spans, |s| format!("{} (#{})", s.display_name, s.user_id))
}

/// One CSV field: quoted when needed, and never read as a formula by a spreadsheet.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The CSV export: one row per institution (or person).
pub fn csv(rows: &[Total], first_column: &str) -> String {
    let mut out = format!("{first_column},people,servers,hours,core_hours,memory_gib_hours\r\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{:.2},{:.2},{:.2}\r\n",
            csv_field(&r.name),
            r.people,
            r.servers,
            r.hours,
            r.core_hours,
            r.gib_hours
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(user_id: i64, institution: &str, cpu_millis: i64, gib: i64, seconds: i64) -> Span {
        Span {
            user_id,
            display_name: format!("P{user_id}"),
            institution: institution.into(),
            cpu_millis,
            memory_bytes: gib << 30,
            seconds,
            cohort: if user_id % 2 == 0 { "Python 2027".into() } else { String::new() },
        }
    }

    #[test]
    fn cohort_totals_count_only_launches_accounted_to_a_cohort() {
        let spans =
            [span(2, "UNAM", 1000, 2, 3600), span(4, "UNAM", 500, 1, 7200), span(3, "USP", 1000, 1, 3600)];
        let t = by_cohort(&spans);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].name.as_str(), t[0].people, t[0].servers), ("Python 2027", 2, 2));
        assert!((t[0].core_hours - 2.0).abs() < 1e-9);
    }

    #[test]
    fn core_hours_add_up_per_institution() {
        let spans = [
            span(1, "UNAM", 500, 1, 7200),  // 2 h × 0.5 core = 1 core-hour, 2 GiB-h
            span(1, "UNAM", 2000, 2, 1800), // 0.5 h × 2 = 1 core-hour, 1 GiB-h
            span(2, "UNAM", 1000, 1, 3600), // 1 core-hour
            span(3, "USP", 500, 1, 3600),   // 0.5 core-hour
        ];
        let t = by_institution(&spans);
        assert_eq!(t[0].name, "UNAM");
        assert_eq!((t[0].people, t[0].servers), (2, 3));
        assert!((t[0].core_hours - 3.0).abs() < 1e-9);
        assert!((t[0].gib_hours - 4.0).abs() < 1e-9);
        assert!((t[1].core_hours - 0.5).abs() < 1e-9);
        assert_eq!(by_person(&spans).len(), 3);
        let csv = csv(&t, "institution");
        assert!(csv.starts_with("institution,people,servers,hours,core_hours,memory_gib_hours\r\n"));
        assert!(csv.contains("UNAM,2,3,3.50,3.00,4.00\r\n"));
    }

    #[test]
    fn csv_fields_cannot_become_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("Universidad de Chile, FCFM"), "\"Universidad de Chile, FCFM\"");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("USP"), "USP");
    }
}
