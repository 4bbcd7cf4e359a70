// convanim: draws and animates convolution arithmetic from JSON scenario configs.
#include <csignal>
#include <cstdio>
#include <exception>

#include <fmt/core.h>

#include "convanim/version.hpp"
#include "renderer/outputs/pending_file.hpp"
#include "app/cli/commands.hpp"
#include "src/config/config_error.hpp"

namespace {

// CLI11's usage errors, in the one-line form of every other error.
int report_usage_error(const CLI::App& app, const CLI::ParseError& e) {
  std::string command = "convanim";
  for (const CLI::App* sub : app.get_subcommands()) command += " " + sub->get_name();
  fmt::print(stderr, "convanim: command line: {}; see {} --help\n", convanim::one_line(e.what()), command);
  return convanim::cli::exit_bad_input;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace convanim::cli;
  CLI::App app{"convanim: draws and animates convolution arithmetic (padding, strides, dilation, "
               "transposed convolutions, pooling) from JSON scenario configs"};
  app.set_version_flag("--version", fmt::format("convanim {}", convanim::version));
  app.require_subcommand(1);
  Runner run;
  add_shape_command(app, run);
  add_trace_command(app, run);
  add_render_command(app, run);
  add_batch_command(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return report_usage_error(app, e);
  }
  convanim::remove_pending_files_on_signals();
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG, reported like a full disk and
  // its temporary file removed; SIGXFSZ's default would kill the process and leave it behind.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return run();
  } catch (const convanim::ConfigError& e) {
    fmt::print(stderr, "convanim: {}\n", convanim::one_line(e.what()));
    return exit_bad_input;
  } catch (const std::exception& e) {
    fmt::print(stderr, "convanim: {}\n", convanim::one_line(e.what()));
    return exit_failure;
  }
}
