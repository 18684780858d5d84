use nhs_leaders::app::outbox::Frontend;
use nhs_leaders::app::{Action, App};
use nhs_leaders::cli::{self, Cli, Marks, Output};
use nhs_leaders::wire::osc;
use nhs_leaders::{DataPath, config, progress, terminal};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = cli::parse_args();
    if let Err(why) = nhs_leaders::clock::from_env() {
        eprintln!("error: {why}");
        return ExitCode::from(2);
    }
    let code = match &cli.command {
        Some(command) => run_command(&cli, command),
        None => run_dashboard(&cli),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn run_command(cli: &Cli, command: &cli::Command) -> i32 {
    let stdout = std::io::stdout();
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let marks = if stdout.is_terminal() && colour {
        Marks::Ansi
    } else {
        Marks::Brackets
    };
    let mut out = stdout.lock();
    let mut err = std::io::stderr().lock();
    let mut io = Output {
        out: &mut out,
        err: &mut err,
        marks,
    };
    let code = cli::run(cli, command, &mut io);
    let _ = out.flush();
    code
}

/// Start-up order: read the settings (refusing to start on a bad file), check the terminal,
/// load and validate (errors print on a normal screen), and only then take over the screen.
fn run_dashboard(cli: &Cli) -> i32 {
    let config = match config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(report) => {
            cli::print_config_report(&report, &mut std::io::stderr());
            return cli::EXIT_USAGE;
        }
    };
    if let Some(why) = terminal::unusable_terminal() {
        eprintln!("{why}");
        return cli::EXIT_NOT_FOUND;
    }
    let mut err = std::io::stderr();
    let path = cli.data_path();
    let loading = match &path {
        DataPath::Path(p) => Some(progress::Notice::after(format!(
            "loading {}…",
            nhs_leaders::text::escape(&p.display().to_string())
        ))),
        DataPath::Bundled => None,
    };
    let loaded = cli::load_or_report(&path, &mut err);
    drop(loading);
    let Some(loaded) = loaded else {
        return cli::EXIT_NOT_FOUND;
    };
    let mut app = App::new(Arc::new(loaded.dataset));
    app.theme = config.theme.with_env();
    app.keymap = config.keymap;
    app.update(Action::GoPane(config.pane));
    let term = std::env::var("TERM").ok();
    app.frontend = Frontend {
        served: false,
        mouse: config.mouse && !cli.no_mouse,
        hyperlinks: config.hyperlinks
            && !cli.no_hyperlinks
            && osc::hyperlinks_understood(term.as_deref()),
    };
    match terminal::run(app, cli.wire) {
        Ok(()) => cli::EXIT_OK,
        Err(e) => {
            eprintln!("nhs-leaders: terminal error: {e}");
            cli::EXIT_NOT_FOUND
        }
    }
}
