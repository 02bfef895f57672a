//! `subinterp`: the command-line front end of the runtime. Everything lives in the library
//! (`subinterp_cli`), so the integration tests and the behaviour-doc runner use the same code.

fn main() -> std::process::ExitCode {
    subinterp_cli::main_with_args(std::env::args_os())
}
