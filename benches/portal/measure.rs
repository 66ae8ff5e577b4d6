//! Samples, percentiles, process memory, and the Markdown the figures end up in.

use std::fmt::Write;
use std::time::Duration;

#[derive(Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn push(&mut self, sample: Duration) {
        self.0.push(sample);
    }

    /// The `p`-th percentile (nearest rank) in milliseconds.
    pub fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.0.clone();
        sorted.sort();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
        sorted.get(rank - 1).map_or(f64::NAN, |sample| sample.as_secs_f64() * 1000.0)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Resident memory of this process now, in KiB.
pub fn resident_kib() -> u64 {
    status_kib("VmRSS:")
}

/// The highest resident memory since the last reset, in KiB.
pub fn peak_kib() -> u64 {
    status_kib("VmHWM:")
}

/// Starts a new peak-memory window (Linux: writing 5 to clear_refs resets VmHWM).
pub fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The expiry job's pace over a big table (issue 23).
const EXPIRED_PER_SECOND: u32 = 2_000;

/// What a server-rendered page is held to.
pub enum PageTarget<'a> {
    RequestsPerSecond(f64),
    /// At least `share` of the requests/s of the call that reads the page's data.
    ShareOf {
        name: &'a str,
        run: &'a super::load::Run,
        share: f64,
    },
}

fn verdict(measured: f64, target: f64, lower_is_better: bool) -> &'static str {
    let met = if lower_is_better { measured <= target } else { measured >= target };
    if met {
        "met"
    } else {
        "**missed**"
    }
}

/// The figures of one run, section by section, as Markdown table rows.
#[derive(Default)]
pub struct Report {
    startup: Vec<String>,
    generated: Vec<String>,
    queries: Vec<String>,
    expiry: Vec<String>,
    load: Vec<String>,
    pages: Vec<String>,
    mixed: Vec<String>,
    contention: Vec<String>,
}

impl Report {
    pub fn startup(&mut self, engine: &str, what: &str, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let target = if what.starts_with("restart") {
            format!("≤ 1 s: {}", verdict(seconds, 1.0, true))
        } else {
            "reported".to_owned()
        };
        self.startup.push(format!("| {engine} | {what} | {seconds:.2} s | {target} |"));
    }

    pub fn generated(&mut self, engine: &str, generated: &super::generate::Generated) {
        self.generated.push(format!(
            "| {engine} | {} vouchers ({} waiting for the expiry job), {} customer and {} partner organisations, {} agreements, {} engagements, {} claims, {} audit entries | {:.0} s |",
            generated.vouchers,
            generated.due,
            generated.customers,
            generated.partners,
            generated.agreements,
            generated.engagements,
            generated.claims,
            generated.audit_rows,
            generated.seconds
        ));
    }

    /// The mixed load's figures, one row per role and page.
    pub fn mixed(&mut self, engine: &str, servers: &str, figures: &[super::mixed::PageFigures], measured: Duration) {
        for figure in figures {
            let p99 = figure.samples.percentile(99.0);
            let failed: usize = figure.failures.values().sum();
            let failures = if failed == 0 {
                String::new()
            } else {
                let by_kind: Vec<String> =
                    figure.failures.iter().map(|(kind, count)| format!("{kind} ×{count}")).collect();
                format!(", **{failed} failed** ({})", by_kind.join(", "))
            };
            self.mixed.push(format!(
                "| {engine} | {servers} | {} | `{}` | {:.2} ms | {:.0} | {:.2} ms | {p99:.2} ms | ≤ 100 ms: {}{failures} |",
                figure.role,
                figure.page,
                figure.alone.percentile(50.0),
                figure.samples.len() as f64 / measured.as_secs_f64(),
                figure.samples.percentile(50.0),
                verdict(p99, 100.0, true)
            ));
        }
    }

    pub fn query(&mut self, engine: &str, what: &str, samples: &Samples, target_ms: f64) {
        let p99 = samples.percentile(99.0);
        self.queries.push(format!(
            "| {engine} | {what} | {} | {:.2} ms | {p99:.2} ms | {:.2} ms | ≤ {target_ms} ms: {} |",
            samples.len(),
            samples.percentile(50.0),
            samples.percentile(100.0),
            verdict(p99, target_ms, true)
        ));
    }

    pub fn expiry(&mut self, engine: &str, scale: usize, expired: usize, elapsed: Duration, peak_growth_kib: u64) {
        let rate = expired as f64 / elapsed.as_secs_f64();
        self.expiry.push(format!(
            "| {engine} | {scale} | {expired} | {:.1} s ({rate:.0} vouchers/s) | {:.1} MiB | ≥ {EXPIRED_PER_SECOND} vouchers/s: {} |",
            elapsed.as_secs_f64(),
            peak_growth_kib as f64 / 1024.0,
            verdict(rate, f64::from(EXPIRED_PER_SECOND), false)
        ));
    }

    pub fn load(&mut self, engine: &str, what: &str, run: &super::load::Run, baseline: Option<&super::load::Run>) {
        let ratio = baseline.map_or("baseline".to_owned(), |baseline| {
            let ratio = run.requests_per_second / baseline.requests_per_second;
            format!("{:.0} % of the bare handler; ≥ 80 %: {}", ratio * 100.0, verdict(ratio, 0.8, false))
        });
        self.load.push(format!(
            "| {engine} | {what} | {:.0} | {:.2} ms | {:.2} ms | {ratio} |",
            run.requests_per_second, run.p50_ms, run.p99_ms
        ));
    }

    pub fn page(&mut self, engine: &str, what: &str, run: &super::load::Run, target: PageTarget) {
        let target = match target {
            PageTarget::RequestsPerSecond(floor) => {
                format!("≥ {floor:.0} requests/s: {}", verdict(run.requests_per_second, floor, false))
            }
            PageTarget::ShareOf { name, run: data, share } => {
                let measured = run.requests_per_second / data.requests_per_second;
                format!(
                    "{:.0} % of {name} ({:.0}/s); ≥ {:.0} %: {}",
                    measured * 100.0,
                    data.requests_per_second,
                    share * 100.0,
                    verdict(measured, share, false)
                )
            }
        };
        self.pages.push(format!(
            "| {engine} | {what} | {:.0} | {:.2} ms | {:.2} ms | {target} |",
            run.requests_per_second, run.p50_ms, run.p99_ms
        ));
    }

    pub fn contention(&mut self, engine: &str, attempts: usize, won: usize, wall: Duration, latencies: &Samples) {
        self.contention.push(format!(
            "| {engine} | {attempts} on 50 vouchers | {won} won, {} refused, each voucher reserved once | {:.0} attempts/s | {:.1} ms | {:.1} ms |",
            attempts - won,
            attempts as f64 / wall.as_secs_f64(),
            latencies.percentile(50.0),
            latencies.percentile(99.0)
        ));
    }

    pub fn markdown(&self, scale: usize) -> String {
        let mut out = String::new();
        let mut table = |title: &str, intro: &str, head: &str, rows: &[String]| {
            let columns = head.matches('|').count() - 1;
            let _ = writeln!(out, "### {title}\n\n{intro}\n\n{head}\n|{}", "---|".repeat(columns));
            for row in rows {
                let _ = writeln!(out, "{row}");
            }
            out.push('\n');
        };
        table(
            "Startup",
            "The release binary started as in production, timed from spawn until `/healthz` answers (polled every 10 ms).",
            "| engine | start | time | target |",
            &self.startup,
        );
        table(
            "Data at scale",
            &format!("Generated into each database through the app's own schema (`benches/portal/generate.rs`): about {scale} vouchers over two years of history, a tenth of them the demo customer's (Fabrikam, so the demo logins meet a big organisation), the rest held by small customers (one agreement a year, 0–25 days each); partners with locations, enrollments and consultants; engagements, completion reports, claims in every state and the audit entries of every step."),
            "| engine | rows | load time |",
            &self.generated,
        );
        table(
            "Queries at scale",
            "The app's own query functions (`server::db`), one after another on one connection. List pages start after random vouchers (keyset paging) and include the two filter queries the list runs beside its page.",
            "| engine | query | samples | p50 | p99 | max | target (p99) |",
            &self.queries,
        );
        table(
            "Expiry job",
            "`server::vouchers::run_expiry` over the whole table: one voucher in a hundred is past its 180 days. It works in batches of 200, so its memory does not grow with the table (peak resident growth of the benchmark process while it ran).",
            "| engine | vouchers | expired | time | peak memory growth | target |",
            &self.expiry,
        );
        table(
            "Server function against a bare axum handler",
            "wrk, 1 thread, 8 connections, 5 s each, on loopback against the same database, uncompressed answers; the first two rows are the means of two runs each, alternating. The server function is `list_vouchers` (the voucher list's data: session, viewer, page, filters) through the whole production stack in the release binary. The bare handlers run in the benchmark process on the same database: axum + the same session layer + the same `server::vouchers::list` call, and the same without the session (the viewer read once).",
            "| engine | handler | requests/s | p50 | p99 | ratio |",
            &self.load,
        );
        table(
            "Server-rendered pages",
            "wrk as above, GET with the demo benefit admin's session cookie (the release binary; full HTML, brotli). The dashboard is that of the organisation holding a tenth of all vouchers; the voucher list page is compared with its data alone (`list_vouchers`, the server function row above).",
            "| engine | page | requests/s | p50 | p99 | target |",
            &self.pages,
        );
        table(
            "Mixed load at the realistic population",
            &format!("{} connections on loopback for 20 s (after 3 s of warm-up), each opening page after page (GET, brotli) as a random signed-in person of the generated program: every role a fifth of the requests, then a random person of that role and one of their pages (`benches/portal/mixed.rs`). Per role and page: the page alone (p50 of up to ten requests one at a time, for different people, before the load), then requests/s, p50 and p99 under the load as the client saw them. On PostgreSQL the connections are split between two replicas of the release binary on the one database.", super::mixed::CONNECTIONS),
            "| engine | servers | role | page | alone (p50) | requests/s | p50 | p99 | target (p99) |",
            &self.mixed,
        );
        table(
            "Contention",
            "200 `reserve_voucher` calls sent at once through the release binary, four for each of 50 vouchers; each voucher must be reserved exactly once. Latency per call as the client saw it.",
            "| engine | attempts | outcome | throughput | p50 | p99 |",
            &self.contention,
        );
        out
    }
}
