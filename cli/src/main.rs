//! `avp`: the command-line interface. All work happens in `avp_cli::run`.

// mimalloc: a faster allocator for the many small strings of decisions (about 2% per household
// in `avp eval`, more in `avp batch`; see README "Performance").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut out = std::io::stdout().lock();
    // not locked: `avp serve` logs from its worker threads
    let mut err = std::io::stderr();
    std::process::ExitCode::from(avp_cli::run(args, &mut out, &mut err))
}
