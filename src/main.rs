use nhs_leaders::app::outbox::Frontend;
use nhs_leaders::app::{Action, App};
use nhs_leaders::cli::{self, Cli, Marks, Output};
use nhs_leaders::watch::{self, Feed};
use nhs_leaders::wire::osc;
use nhs_leaders::{config, serve, terminal};
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
        Some(cli::Command::Serve(args)) => serve::run(&cli, args),
        Some(cli::Command::SshCommand) => match serve::forced::original_command() {
            Some(command) => serve::forced::run(&cli, &command),
            None => run_dashboard(&cli),
        },
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
    // Not locked for the whole command: the load's progress line is written to stderr from
    // another thread.
    let mut err = std::io::stderr();
    let mut io = Output {
        out: &mut out,
        err: &mut err,
        marks,
    };
    let progress: Option<Box<dyn Write + Send>> = std::io::stderr()
        .is_terminal()
        .then(|| Box::new(std::io::stderr()) as _);
    let code = cli::run_with(cli, command, &mut io, progress);
    let _ = out.flush();
    code
}

/// Start-up order: read the settings (refusing to start on a bad file), check the terminal,
/// load and validate (errors and progress print on a normal screen), and only then take over
/// the screen. A dataset that had to be parsed is saved as a snapshot on a background thread
/// while the dashboard runs.
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
    // The dashboard's stdout is a terminal; progress goes there when stderr is redirected.
    let progress: Box<dyn Write + Send> = if err.is_terminal() {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let Some((mut opened, job)) = cli::open_or_report(cli, &mut err, Some(progress)) else {
        return cli::EXIT_NOT_FOUND;
    };
    let index = opened.index();
    let ds = Arc::new(opened.loaded.dataset);
    let saving = job.map(|job| {
        let (ds, index, warnings) = (Arc::clone(&ds), Arc::clone(&index), opened.loaded.warnings);
        let files = opened.loaded.files;
        std::thread::spawn(move || job.write(&ds, &index, &warnings, files))
    });
    // Kept, never dropped: the process ends with the dashboard, and freeing a large dataset
    // item by item would only delay the shell's prompt.
    std::mem::forget((Arc::clone(&ds), Arc::clone(&index)));
    let preparing = Arc::clone(&ds);
    rayon::spawn(move || preparing.prepare_ids());
    let mut app = App::with_index(Arc::clone(&ds), Arc::clone(&index));
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
    // Live data: a --data file or folder is followed and reloaded as it changes.
    let feed = Feed::new(ds, index);
    let watcher = match (&cli.data, cli.no_watch) {
        (Some(path), false) => watch::watch(path, Arc::clone(&feed), |_, _| {})
            .map_err(|e| eprintln!("nhs-leaders: warning: {e}; restart to see changes"))
            .ok(),
        _ => None,
    };
    let live = watcher.as_ref().map(|_| feed);
    nhs_leaders::loading::dashboard_takes_over();
    let result = terminal::run(app, cli.wire, live);
    if let Some(saving) = saving {
        // The terminal is back to normal; a snapshot half written is worth finishing.
        if let Ok(Err(e)) = saving.join() {
            eprintln!("nhs-leaders: cannot write the snapshot cache: {e}");
        }
    }
    match result {
        Ok(()) => cli::EXIT_OK,
        Err(e) => {
            eprintln!("nhs-leaders: terminal error: {e}");
            cli::EXIT_NOT_FOUND
        }
    }
}
