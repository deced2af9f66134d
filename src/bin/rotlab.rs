//! `rotlab`: the Rotation Lab engine on the command line, over the same code as the app.

use clap::{Parser, Subcommand, ValueEnum};
use rotation_lab::engine::returns::{returns_table, BaseConvention};
use rotation_lab::ingest::{into_dataset, read_file, Choices};
use rotation_lab::model::{Dataset, Date};
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
    /// Period returns (QTD, YTD, the last four calendar quarters, 1Y) of every symbol, as JSON.
    ///
    /// Reads wide CSV files (`date,SYM1,SYM2,...`, plain or gzip). The table is as of --to (by
    /// default the last date in the data); with --from it also holds the return from --from to
    /// --to.
    Returns {
        /// Wide CSV files, plain or gzip.
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
            println!("{json}");
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
        Command::Returns {
            files,
            from,
            to,
            base,
        } => {
            let dataset = load(&files)?;
            let (_, last) = dataset
                .date_span()
                .ok_or("the files hold no observations")?;
            let base = match base {
                Base::Prior => BaseConvention::PriorClose,
                Base::First => BaseConvention::FirstClose,
            };
            let as_of = to.unwrap_or(last);
            let table = returns_table(&dataset, as_of, from, base)
                .ok_or_else(|| format!("no observation on or before {as_of}"))?;
            serde_json::to_string_pretty(&table).map_err(|e| e.to_string())
        }
    }
}

fn load(files: &[PathBuf]) -> Result<Dataset, String> {
    let mut reads = Vec::with_capacity(files.len());
    for path in files {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        reads.push(read_file(&name, &bytes, &Choices::default()).map_err(|e| e.to_string())?);
    }
    into_dataset("command line", reads).map_err(|e| e.to_string())
}
