//! `rotlab`: the Rotation Lab engine on the command line, over the same code as the app.

use clap::{Parser, Subcommand, ValueEnum};
use rotation_lab::engine::concentration::Holding;
use rotation_lab::engine::returns::{returns_table, BaseConvention};
use rotation_lab::ingest::naming::file_symbol;
use rotation_lab::ingest::{
    into_dataset, parse_file, read_category_table, read_holdings, Choices, DateOrder,
    DateOrderFinding,
};
use rotation_lab::lab::breadth::{breadth, Breadth};
use rotation_lab::lab::concentration::concentration_view;
use rotation_lab::lab::overview::overview;
use rotation_lab::lab::rates::{events, rates};
use rotation_lab::lab::relative::relative;
use rotation_lab::lab::risk::{risk, RiskResult};
use rotation_lab::lab::rotation::rotation_view;
use rotation_lab::lab::story::{data_lines, story_check, Extras};
use rotation_lab::lab::strategy::{strategy_lab, Outcome};
use rotation_lab::lab::valuation::valuation;
use rotation_lab::model::calendar::ObservedFrequency;
use rotation_lab::model::{Dataset, Date, SeriesKind};
use rotation_lab::sample::{COMPACT_FILE, SAMPLE_DIR, SAMPLE_FILES};
use rotation_lab::scenario::embed::content_hash;
use rotation_lab::scenario::{codec, library, DataRef, Scenario, View};
use rotation_lab::tables::TableData;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
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
    /// What a view of the app shows for a share link or a saved scenario, from the same lab
    /// function as the app: the same numbers, as JSON or as the view's tables in CSV.
    ///
    /// The data: a link with the data embedded needs no files; one naming the built-in sample
    /// reads public/sample/ (fetched by `make setup`) when no file is given; otherwise give the
    /// files the dataset was made of (a different content is said on stderr). Every view is
    /// printed.
    #[command(
        after_help = "Example:\n  rotlab view --link 'http://127.0.0.1:8080/#/risk?s=...' SPY.csv QQQ.csv IWM.csv\n  rotlab view --scenario rotation-lab-scenarios.json --name 'Q3 2025' --format csv SPY.csv"
    )]
    View {
        #[command(flatten)]
        from: ScenarioArgs,
        /// The view to print, by its address (`risk`); by default the scenario's own.
        #[arg(long)]
        view: Option<String>,
        /// A holdings file (symbol, weight, optional sector) for the Concentration view's
        /// weights, as loaded in the app (equal weights without it).
        #[arg(long)]
        holdings: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// The dataset's price files, plain, gzip or Parquet.
        files: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// The Story check of a share link or a saved scenario: every claim with its verdict,
    /// computed value, inputs and notes, as JSON, from the same lab function as the app; with
    /// --report, also the HTML report (without the app's chart images, which a browser draws).
    ///
    /// The data is found as for `rotlab view`; claims about holdings or a category table need
    /// --holdings or --categories (the app's files, which a link does not carry).
    #[command(
        after_help = "Example:\n  rotlab story --link 'http://127.0.0.1:8080/#/story-check?s=...' --categories deals.csv --report q3.html QQQ.csv IWM.csv SPY.csv DGS10.csv"
    )]
    Story {
        #[command(flatten)]
        from: ScenarioArgs,
        /// A holdings file (symbol, weight, optional sector).
        #[arg(long)]
        holdings: Option<PathBuf>,
        /// A category table (date, category, amount, optional size), such as venture deals.
        #[arg(long)]
        categories: Option<PathBuf>,
        /// Write the HTML report here.
        #[arg(long)]
        report: Option<PathBuf>,
        /// The dataset's price files, plain, gzip or Parquet.
        files: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Writes the built-in sample in the compact form the app reads (public/sample/sample.rlds.gz)
    /// from its files in public/sample/ (fetched by `make setup`, which runs this), and prints
    /// the sizes.
    PackSample,
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

/// Where the scenario comes from: a share link, or a saved-scenarios file.
#[derive(clap::Args)]
struct ScenarioArgs {
    /// A share link, or its part from `#` (`#/risk?s=...`).
    #[arg(
        long,
        conflicts_with = "scenario",
        required_unless_present = "scenario"
    )]
    link: Option<String>,
    /// A saved-scenarios file (the Share panel's *Export as JSON*).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Which scenario of the file (by default its only one).
    #[arg(long, requires = "scenario")]
    name: Option<String>,
}

impl ScenarioArgs {
    /// The scenario the link or the file holds.
    fn scenario(&self) -> Result<Scenario, String> {
        match (&self.link, &self.scenario) {
            (Some(link), _) => scenario_of_link(link),
            (None, Some(path)) => saved_scenario(path, self.name.as_deref()),
            (None, None) => Err("give --link or --scenario".into()),
        }
    }
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
    /// What the values are, as the import preview's "Values are" says (by default guessed
    /// from the source).
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// The symbol of a one-symbol file, by the file's name or its path as given:
    /// `--symbol HistoricalData_1732912345678.csv=QQQ`. Needed when the name holds none
    /// (Nasdaq.com's downloads); otherwise the name gives it by each source's convention
    /// (`spy_us_d.csv` is SPY, `SPY (1).csv` is SPY). Repeat for more files.
    #[arg(long = "symbol", value_name = "FILE=NAME")]
    symbols: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// Prices of tradable assets.
    Price,
    /// Index levels.
    Index,
    /// Yields or rates in percent.
    Yield,
    /// Valuation multiples (P/E).
    Multiple,
}

impl ReadArgs {
    /// The `--symbol` entries as (file, symbol), each symbol checked by the symbol rules, and
    /// each file among `files`.
    fn renames(&self, files: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
        self.symbols
            .iter()
            .map(|entry| {
                let (file, symbol) = entry
                    .rsplit_once('=')
                    .ok_or_else(|| format!("--symbol {entry}: give FILE=NAME, e.g. --symbol HistoricalData_1732912345678.csv=QQQ"))?;
                let symbol = symbol.trim();
                rotation_lab::model::limits::symbol("symbol", symbol)
                    .map_err(|e| format!("--symbol {entry}: the {e}"))?;
                if !files.iter().any(|p| names_file(p, file)) {
                    return Err(format!("--symbol {entry}: {file} is not one of the files given"));
                }
                Ok((file.to_string(), symbol.to_string()))
            })
            .collect()
    }

    /// The choices for the file at `path`: [`Self::choices`] with its `--symbol`, if any.
    fn choices_for(&self, path: &Path, renames: &[(String, String)]) -> Choices {
        Choices {
            symbol: renames
                .iter()
                .find(|(file, _)| names_file(path, file))
                .map(|(_, symbol)| symbol.clone()),
            ..self.choices()
        }
    }

    fn choices(&self) -> Choices {
        Choices {
            date_order: self.date_order.map(|o| match o {
                Order::Dmy => DateOrder::DayFirst,
                Order::Mdy => DateOrder::MonthFirst,
            }),
            prefer_unadjusted: self.unadjusted,
            kind: self.kind.map(|k| match k {
                Kind::Price => SeriesKind::Price,
                Kind::Index => SeriesKind::IndexLevel,
                Kind::Yield => SeriesKind::YieldPercent,
                Kind::Multiple => SeriesKind::Multiple,
            }),
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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The view's result, as the lab returns it.
    Json,
    /// The view's tables, as its CSV downloads write them, one after another.
    Csv,
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
        Command::View {
            from,
            view,
            holdings,
            format,
            files,
            read,
        } => {
            let mut scenario = from.scenario()?;
            if let Some(slug) = view {
                scenario.view = View::from_slug(&slug).ok_or_else(|| {
                    format!(
                        "--view {slug}: no such view; the views are {}",
                        view_names()
                    )
                })?;
            }
            let dataset = dataset_of(&scenario, &files, &read)?;
            let holdings = holdings.map(|p| holdings_file(&p)).transpose()?;
            let holdings = holdings.as_ref().map(|(f, h)| (f.as_str(), h.as_slice()));
            print_view(&dataset, &scenario, holdings, format)
        }
        Command::Story {
            from,
            holdings,
            categories,
            report,
            files,
            read,
        } => {
            let scenario = from.scenario()?;
            let link = from.link;
            let dataset = dataset_of(&scenario, &files, &read)?;
            let holdings = holdings.map(|p| holdings_file(&p)).transpose()?;
            let categories = match categories {
                Some(path) => {
                    let (file, bytes) = read_bytes(&path)?;
                    Some(read_category_table(&file, &bytes).map_err(|e| e.to_string())?)
                }
                None => None,
            };
            let extras = Extras {
                holdings: holdings.as_ref().map(|(f, h)| (f.as_str(), h.as_slice())),
                categories: categories.as_ref(),
            };
            let check = story_check(&dataset, &scenario, extras);
            if let Some(path) = report {
                let html = story_report_html(&check, &dataset, extras, link);
                std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            serde_json::to_string_pretty(&check).map_err(|e| e.to_string())
        }
        Command::PackSample => pack_sample(),
        Command::Inspect { files, read } => {
            let renames = read.renames(&files)?;
            let reports = files
                .iter()
                .map(|path| inspect(path, &read.choices_for(path, &renames)))
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
            let dataset = load(&files, &read)?;
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

/// A holdings file's name and holdings.
fn holdings_file(path: &Path) -> Result<(String, Vec<Holding>), String> {
    let (file, bytes) = read_bytes(path)?;
    let holdings = read_holdings(&file, &bytes).map_err(|e| e.to_string())?;
    Ok((file, holdings))
}

/// The scenario of a share link (the whole address or its part from `#`).
fn scenario_of_link(link: &str) -> Result<Scenario, String> {
    let hash = link.split_once('#').map_or(link, |(_, h)| h);
    let encoded = codec::find_in_hash(hash).ok_or(
        "--link: the link holds no scenario (no `s=` after `#`); copy it from the Share panel",
    )?;
    codec::decode(encoded).map_err(|e| format!("--link: {e}"))
}

/// The scenario called `name` in a saved-scenarios file (or its only one).
fn saved_scenario(path: &Path, name: Option<&str>) -> Result<Scenario, String> {
    let (file, bytes) = read_bytes(path)?;
    library::check_size(bytes.len() as u64).map_err(|e| format!("{file}: {e}"))?;
    let saved = library::import(&bytes).map_err(|e| format!("{file}: {e}"))?;
    let names = || {
        saved
            .iter()
            .map(|s| format!("\"{}\"", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        Some(name) => saved
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.scenario.clone())
            .ok_or_else(|| {
                format!(
                    "{file}: no scenario is named \"{name}\"; it has {}",
                    names()
                )
            }),
        None if saved.len() == 1 => Ok(saved[0].scenario.clone()),
        None => Err(format!(
            "{file} holds {} scenarios: choose one with --name ({})",
            saved.len(),
            names()
        )),
    }
}

/// The dataset a scenario was made on: its embedded data, the built-in sample, or the files.
fn dataset_of(scenario: &Scenario, files: &[PathBuf], read: &ReadArgs) -> Result<Dataset, String> {
    match &scenario.data {
        DataRef::Embedded(data) if files.is_empty() => data
            .to_dataset()
            .map_err(|e| format!("the link's data: {e}")),
        DataRef::Sample if files.is_empty() => sample(),
        _ if files.is_empty() => Err(format!(
            "the link's data is {}: give its files after the options",
            describe(&scenario.data)
        )),
        data => {
            let dataset = load(files, read)?;
            if let DataRef::Local {
                name,
                content_hash: want,
            } = data
            {
                let have = content_hash(&dataset);
                if &have != want {
                    eprintln!("rotlab: these files hold other closes than the dataset \"{name}\" the link was made on (content {have}, the link's {want}): the numbers may differ from the sender's");
                }
            }
            Ok(dataset)
        }
    }
}

/// What a link's data is, in words.
fn describe(data: &DataRef) -> String {
    match data {
        DataRef::Sample => "the built-in sample".into(),
        DataRef::Url { url } => format!("the CSV fetched from {url}"),
        DataRef::Local { name, .. } => {
            format!("the dataset \"{name}\" kept in the sender's browser")
        }
        DataRef::Embedded(_) => "embedded in the link".into(),
    }
}

/// The built-in sample, read from its files in public/sample/ (the app reads the same closes
/// from their compact form, see `rotlab pack-sample`).
fn sample() -> Result<Dataset, String> {
    let dir = PathBuf::from("public").join(SAMPLE_DIR);
    rotation_lab::sample::from_files(|file| {
        let path = dir.join(file.file);
        let bytes = std::fs::read(&path).map_err(|e| {
            format!("{}: {e} (the link names the built-in sample: run rotlab from the repository after `make setup`, or give the files)", path.display())
        })?;
        rotation_lab::ingest::read_file(file.file, &bytes, &file.choices())
            .map_err(|e| e.to_string())
    })
}

/// `rotlab pack-sample`: the sample's files into [`COMPACT_FILE`], gzipped; the sizes.
fn pack_sample() -> Result<String, String> {
    use flate2::{write::GzEncoder, Compression};
    let dataset = sample()?;
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(&rotation_lab::ingest::compact::encode(&dataset))
        .map_err(|e| e.to_string())?;
    let packed = gzip.finish().map_err(|e| e.to_string())?;
    let dir = PathBuf::from("public").join(SAMPLE_DIR);
    let path = dir.join(COMPACT_FILE);
    std::fs::write(&path, &packed).map_err(|e| format!("{}: {e}", path.display()))?;
    let files: u64 = SAMPLE_FILES
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f.file)).ok())
        .map(|m| m.len())
        .sum();
    let closes: usize = dataset.series.iter().map(|s| s.len()).sum();
    Ok(format!(
        "{}: {} series, {closes} closes, {:.0} kB (the {} files it is made from: {:.0} kB)",
        path.display(),
        dataset.series.len(),
        packed.len() as f64 / 1e3,
        SAMPLE_FILES.len(),
        files as f64 / 1e3
    ))
}

/// The Story check's HTML report, as the app writes it, without chart images.
fn story_report_html(
    check: &rotation_lab::lab::story::StoryCheck,
    dataset: &Dataset,
    extras: Extras<'_>,
    link: Option<String>,
) -> String {
    use rotation_lab::engine::claims::preset::preset;
    use rotation_lab::report::{story_report, ReportClaim, StoryReport};
    let title = check.title.clone().unwrap_or_else(|| "Story check".into());
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let generated = chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    let rotation_lab::charts::history::ReportHistory {
        sentences,
        note: history_note,
        tables: history,
    } = rotation_lab::charts::history::report_history(check);
    story_report(&StoryReport {
        source: preset(&title).map(|p| p.source.to_string()),
        title,
        generated,
        data: data_lines(dataset, extras),
        link,
        claims: check
            .claims
            .iter()
            .zip(sentences)
            .map(|(c, base_rate)| ReportClaim {
                claim: &c.claim,
                evaluation: &c.evaluation,
                chart_png: None,
                base_rate,
            })
            .collect(),
        history_note,
        history,
    })
}

/// The views `rotlab view` prints.
fn view_names() -> String {
    View::ALL
        .iter()
        .map(|v| v.slug())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the scenario's view shows, as JSON or as its tables in CSV.
fn print_view(
    dataset: &Dataset,
    scenario: &Scenario,
    holdings: Option<(&str, &[Holding])>,
    format: Format,
) -> Result<String, String> {
    match scenario.view {
        View::Overview => {
            let result = overview(dataset, scenario);
            match (format, &result.returns) {
                (Format::Json, _) => {
                    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())
                }
                (Format::Csv, None) => Err(format!(
                    "no series has a close on or before {}",
                    scenario.to
                )),
                (Format::Csv, Some(table)) => {
                    let returns = rotation_lab::charts::returns::returns_table_data(table);
                    Ok(csv_of(&[&returns]))
                }
            }
        }
        View::Rotation => {
            let unit = format!("{:?}", scenario.params.rotation.bars).to_lowercase();
            let result = rotation_view(dataset, scenario).map_err(|p| p.describe(&unit).1)?;
            match (format, result.window) {
                (Format::Json, _) => {
                    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())
                }
                (Format::Csv, None) => Err(format!(
                    "no symbol has a point by {}: the formula's warm-up runs past it",
                    scenario.params.rotation.date.unwrap_or(scenario.to)
                )),
                (Format::Csv, Some((tail_start, head))) => {
                    let table = rotation_lab::charts::rotation::rotation_table(
                        &result.rotation.paths,
                        tail_start,
                        head,
                    );
                    Ok(csv_of(&[&table]))
                }
            }
        }
        View::Rates => {
            let (sensitivity, around) = (rates(dataset, scenario), events(dataset, scenario));
            match format {
                Format::Json => serde_json::to_string_pretty(&json!({
                    "rates": sensitivity,
                    "events": around,
                }))
                .map_err(|e| e.to_string()),
                Format::Csv => {
                    use rotation_lab::charts::rates::{event_table, sensitivity_table};
                    let rows: Vec<_> = sensitivity
                        .assets
                        .iter()
                        .map(|a| (a.asset.clone(), a.whole))
                        .collect();
                    let (table, windows) = (sensitivity_table(&rows), event_table(&around.windows));
                    Ok(csv_of(&[&table, &windows]))
                }
            }
        }
        View::Valuation => {
            let result = valuation(dataset, scenario).map_err(|e| e.to_string())?;
            match format {
                Format::Json => serde_json::to_string_pretty(&result).map_err(|e| e.to_string()),
                Format::Csv => {
                    let table = rotation_lab::charts::valuation::valuation_table(&result.rows);
                    Ok(csv_of(&[&table]))
                }
            }
        }
        View::StrategyLab => {
            let outcome = strategy_lab(dataset, scenario);
            match (format, &outcome) {
                (Format::Json, _) => {
                    serde_json::to_string_pretty(&outcome).map_err(|e| e.to_string())
                }
                (Format::Csv, Outcome::Empty(m) | Outcome::Error(m)) => Err(m.clone()),
                (Format::Csv, Outcome::Done(run)) => {
                    use rotation_lab::charts::strategy::{comparison_table, trades_table};
                    let stats = comparison_table(&run.backtest, &run.name, &run.summary);
                    let trades = trades_table(&run.backtest);
                    Ok(csv_of(&[&stats, &trades]))
                }
            }
        }
        View::Concentration => {
            let report = concentration_view(dataset, scenario, holdings);
            match format {
                Format::Json => serde_json::to_string_pretty(&report).map_err(|e| e.to_string()),
                Format::Csv => {
                    use rotation_lab::charts::concentration::{members_table, sectors_table};
                    let (members, sectors) =
                        (members_table(&report.result), sectors_table(&report.result));
                    Ok(csv_of(&[&members, &sectors]))
                }
            }
        }
        View::RelativeStrength => {
            let result = relative(dataset, scenario);
            match format {
                Format::Json => serde_json::to_string_pretty(&result).map_err(|e| e.to_string()),
                Format::Csv => {
                    let table = rotation_lab::charts::relative::pairs_table(&result.result.table);
                    Ok(csv_of(&[&table]))
                }
            }
        }
        View::StoryCheck => match format {
            Format::Json => {
                let extras = Extras {
                    holdings,
                    categories: None,
                };
                serde_json::to_string_pretty(&story_check(dataset, scenario, extras))
                    .map_err(|e| e.to_string())
            }
            Format::Csv => {
                // The history's tables, as the view's "CSV" buttons give them: each claim's
                // base rate, then the chosen claim's episodes and the forward returns.
                use rotation_lab::charts::history::{
                    base_rate_table, episodes_table, forward_table,
                };
                let extras = Extras {
                    holdings,
                    categories: None,
                };
                let check = story_check(dataset, scenario, extras);
                let mut tables = vec![base_rate_table(&check)];
                if let Some(h) = &check.history {
                    let unit = check.claims[h.claim].claim.metric.unit();
                    tables.push(episodes_table(h, unit));
                    tables.push(forward_table(&h.episodes));
                }
                Ok(csv_of(&tables.iter().collect::<Vec<_>>()))
            }
        },
        View::Risk => {
            let result = risk(dataset, scenario);
            match (format, &result) {
                (Format::Json, _) => {
                    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())
                }
                (Format::Csv, RiskResult::Empty { message }) => Err(message.clone()),
                (Format::Csv, RiskResult::Ready(r)) => {
                    use rotation_lab::charts::risk::{correlation_table, risk_table};
                    let stats = risk_table(&r.statistics.stats);
                    let corr = correlation_table(&r.panel.correlation, &r.panel.pairs);
                    Ok(csv_of(&[&stats, &corr]))
                }
            }
        }
        View::Breadth => {
            let result = breadth(dataset, scenario).map_err(|e| e.to_string())?;
            match (format, &result) {
                (Format::Json, _) => {
                    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())
                }
                (Format::Csv, Breadth::NoMembers { message, .. }) => Err(message.clone()),
                (Format::Csv, Breadth::Ready(r)) => {
                    let members = rotation_lab::charts::breadth::members_table(r);
                    Ok(csv_of(&[&members]))
                }
            }
        }
    }
}

/// Tables as their CSV downloads write them (in their own order), one after another.
fn csv_of(tables: &[&TableData]) -> String {
    tables
        .iter()
        .map(|t| t.csv(&t.order(None)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file's bytes, its size checked against the import bound before it is read.
fn read_bytes(path: &Path) -> Result<(String, Vec<u8>), String> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{name}: {e}"))?
        .len();
    rotation_lab::ingest::check_file_size(&name, size).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    Ok((name, bytes))
}

/// True when `given` (a `--symbol` file) names the file at `path`: its path as given, or its
/// name.
fn names_file(path: &Path, given: &str) -> bool {
    path.as_os_str() == given || path.file_name().is_some_and(|n| n == given)
}

/// The file read with its choices: its symbol by the naming rules or `--symbol`, which a file
/// whose name holds none needs, and a file of several symbols cannot take.
fn parse_named(
    path: &Path,
    choices: &Choices,
) -> Result<(String, rotation_lab::ingest::ParsedFile), String> {
    let (name, bytes) = read_bytes(path)?;
    let parsed = parse_file(&name, &bytes, choices).map_err(|e| e.to_string())?;
    let base = path
        .file_name()
        .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    if choices.symbol.is_some() && !parsed.named_by_file() {
        return Err(format!(
            "{name}: --symbol names the series of a one-symbol file; this {} names its own",
            parsed.format.label()
        ));
    }
    let missing = file_symbol(&name).missing_because();
    if let Some(reason) = missing.filter(|_| parsed.named_by_file() && choices.symbol.is_none()) {
        return Err(format!(
            "{name}: {reason}: give it with --symbol \"{base}=SYMBOL\""
        ));
    }
    Ok((name, parsed))
}

fn load(files: &[PathBuf], read: &ReadArgs) -> Result<Dataset, String> {
    let renames = read.renames(files)?;
    let mut reads = Vec::with_capacity(files.len());
    for path in files {
        let choices = read.choices_for(path, &renames);
        let (_, parsed) = parse_named(path, &choices)?;
        reads.push(
            parsed
                .build(&choices)
                .map_err(|e| format!("{e} (use --date-order dmy or mdy)"))?,
        );
    }
    into_dataset("command line", reads).map_err(|e| e.to_string())
}

/// One file's report for `rotlab inspect`.
fn inspect(path: &Path, choices: &Choices) -> Result<serde_json::Value, String> {
    let (name, parsed) = parse_named(path, choices)?;
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
        "symbol_origin": parsed.named_by_file().then(|| match &choices.symbol {
            Some(_) => "given with --symbol".to_string(),
            None => file_symbol(&name).origin(),
        }),
        "series": series,
        "warnings": read.warnings,
    }))
}
