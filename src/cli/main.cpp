// convanim: draws and animates convolution arithmetic from JSON scenario configs.
#include <cstdio>
#include <exception>

#include <fmt/core.h>

#include "convanim/version.hpp"
#include "renderer/sinks/pending_file.hpp"
#include "src/cli/commands.hpp"
#include "src/config/config_error.hpp"

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
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);  // prints help, version or the usage error
    return status == 0 ? exit_ok : exit_bad_input;
  }
  convanim::remove_pending_files_on_signals();
  try {
    return run();
  } catch (const convanim::ConfigError& e) {
    fmt::print(stderr, "convanim: {}\n", e.what());
    return exit_bad_input;
  } catch (const std::exception& e) {
    fmt::print(stderr, "convanim: {}\n", e.what());
    return exit_failure;
  }
}
