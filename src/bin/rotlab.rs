//! `rotlab`: the Rotation Lab engine on the command line, over the same code as the app.

use clap::{Parser, Subcommand, ValueEnum};
use rotation_lab::engine::analysis::{analyze, AnalysisRequest};
use rotation_lab::engine::returns::{returns_table, BaseConvention};
use rotation_lab::ingest::{
    into_dataset, parse_file, read_holdings, Choices, DateOrder, DateOrderFinding,
};
use rotation_lab::model::calendar::ObservedFrequency;
use rotation_lab::model::{Dataset, Date};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "rotlab",
    version,
    about = "Rotation Lab on the command line: the app's engine over your price files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// What each file holds, as JSON: format, symbols, dates, rows, frequency, kind, basis and
    /// warnings. A file that cannot be read exits non-zero naming its line and column.
    Inspect {
        /// Price files in any supported format, plain or gzip.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Every analysis of a scenario, as JSON: returns, grids, relative lines, spreads, the
    /// rotation chart, breadth, concentration, rate sensitivity, valuation, risk, correlation
    /// and strategy backtests.
    ///
    /// The scenario is a JSON file of the analysis request (see `AnalysisRequest` in
    /// src/engine/analysis.rs; share links arrive with part 5).
    Analyze {
        /// The scenario (JSON).
        #[arg(long)]
        scenario: PathBuf,
        /// A holdings file (symbol, weight, optional sector) for concentration and equal-
        /// against cap-weight breadth; replaces the scenario's holdings.
        #[arg(long)]
        holdings: Option<PathBuf>,
        /// Price files in any supported format, plain or gzip.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Period returns (QTD, YTD, the last four calendar quarters, 1Y) of every symbol, as JSON.
    ///
    /// Reads price files in any supported format (wide `date,SYM1,SYM2,...` such as the
    /// sample's, plain or gzip). The table is as of --to (by default the last date in the
    /// data); with --from it also holds the return from --from to --to.
    Returns {
        /// Price files, plain or gzip.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
        /// Start of a custom range (YYYY-MM-DD).
        #[arg(long)]
        from: Option<Date>,
        /// As-of date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<Date>,
        /// Which close a period return starts from.
        #[arg(long, value_enum, default_value_t = Base::Prior)]
        base: Base,
    },
}

/// How to read the files.
#[derive(clap::Args)]
struct ReadArgs {
    /// Day/month order of slash dates, when the data cannot tell.
    #[arg(long, value_enum)]
    date_order: Option<Order>,
    /// Use unadjusted closes when a file has both (adjusted by default).
    #[arg(long)]
    unadjusted: bool,
}

impl ReadArgs {
    fn choices(&self) -> Choices {
        Choices {
            date_order: self.date_order.map(|o| match o {
                Order::Dmy => DateOrder::DayFirst,
                Order::Mdy => DateOrder::MonthFirst,
            }),
            prefer_unadjusted: self.unadjusted,
            ..Choices::default()
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Order {
    /// DD/MM/YYYY.
    Dmy,
    /// MM/DD/YYYY.
    Mdy,
}

#[derive(Clone, Copy, ValueEnum)]
enum Base {
    /// The last close before the period starts.
    Prior,
    /// The first close inside the period.
    First,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(json) => {
            // A closed pipe (`rotlab ... | head`) is not an error worth a panic.
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("rotlab: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<String, String> {
    match cli.command {
        Command::Analyze {
            scenario,
            holdings,
            files,
            read,
        } => {
            let text = std::fs::read_to_string(&scenario)
                .map_err(|e| format!("{}: {e}", scenario.display()))?;
            let mut request: AnalysisRequest =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", scenario.display()))?;
            if let Some(path) = holdings {
                let (name, bytes) = read_bytes(&path)?;
                request.holdings = read_holdings(&name, &bytes).map_err(|e| e.to_string())?;
            }
            let dataset = load(&files, &read.choices())?;
            let result = analyze(&dataset, &request)?;
            serde_json::to_string_pretty(&result).map_err(|e| e.to_string())
        }
        Command::Inspect { files, read } => {
            let reports = files
                .iter()
                .map(|path| inspect(path, &read.choices()))
                .collect::<Result<Vec<_>, _>>()?;
            serde_json::to_string_pretty(&reports).map_err(|e| e.to_string())
        }
        Command::Returns {
            files,
            read,
            from,
            to,
            base,
        } => {
            let dataset = load(&files, &read.choices())?;
            let (_, last) = dataset
                .date_span()
                .ok_or("the files hold no observations")?;
            let base = match base {
                Base::Prior => BaseConvention::PriorClose,
                Base::First => BaseConvention::FirstClose,
            };
            let as_of = to.unwrap_or(last);
            let table = returns_table(
                &dataset.series.iter().collect::<Vec<_>>(),
                as_of,
                from,
                base,
            )
            .ok_or_else(|| format!("no observation on or before {as_of}"))?;
            serde_json::to_string_pretty(&table).map_err(|e| e.to_string())
        }
    }
}

/// A file's bytes, its size checked against the import bound before it is read.
fn read_bytes(path: &PathBuf) -> Result<(String, Vec<u8>), String> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{name}: {e}"))?
        .len();
    rotation_lab::ingest::check_file_size(&name, size).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    Ok((name, bytes))
}

fn load(files: &[PathBuf], choices: &Choices) -> Result<Dataset, String> {
    let mut reads = Vec::with_capacity(files.len());
    for path in files {
        let (name, bytes) = read_bytes(path)?;
        let parsed = parse_file(&name, &bytes, choices).map_err(|e| e.to_string())?;
        reads.push(
            parsed
                .build(choices)
                .map_err(|e| format!("{e} (use --date-order dmy or mdy)"))?,
        );
    }
    into_dataset("command line", reads).map_err(|e| e.to_string())
}

/// One file's report for `rotlab inspect`.
fn inspect(path: &PathBuf, choices: &Choices) -> Result<serde_json::Value, String> {
    let (name, bytes) = read_bytes(path)?;
    let parsed = parse_file(&name, &bytes, choices).map_err(|e| e.to_string())?;
    let (order, how) = match (choices.date_order, parsed.date_order()) {
        (Some(order), _) => (order, "given with --date-order".to_string()),
        (None, DateOrderFinding::Proven(order, reason)) => (order, reason),
        (None, DateOrderFinding::Ambiguous) => {
            return Err(format!("{name}: the day/month order cannot be told from the data: run again with --date-order dmy or --date-order mdy"))
        }
    };
    let read = parsed.build(choices).map_err(|e| e.to_string())?;
    let series: Vec<serde_json::Value> = read
        .series
        .iter()
        .map(|s| {
            json!({
                "symbol": s.symbol,
                "first": s.first_date(),
                "last": s.last_date(),
                "rows": s.len(),
                "frequency": ObservedFrequency::of(s.dates()),
                "kind": s.kind,
                "basis": s.basis,
            })
        })
        .collect();
    Ok(json!({
        "file": name,
        "format": read.format,
        "format_label": read.format.label(),
        "delimiter": parsed.delimiter.to_string(),
        "decimal_comma": parsed.decimal_comma,
        "date_order": order,
        "date_order_reason": how,
        "newest_first": read.newest_first,
        "rows": parsed.rows,
        "both_closes": parsed.has_basis_choice(),
        "note": parsed.note,
        "series": series,
        "warnings": read.warnings,
    }))
}
