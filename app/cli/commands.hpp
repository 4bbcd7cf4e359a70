// The subcommands of the `convanim` executable, a thin layer over convanim::core and ::renderer.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace convanim::cli {

// Exit statuses: 0 success, 1 a failure of the program (or of a batch item), 2 bad input.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_bad_input = 2;

// Each adds its subcommand to `app` and sets `run` to what executes it once parsed.
using Runner = std::function<int()>;
void add_shape_command(CLI::App& app, Runner& run);
void add_trace_command(CLI::App& app, Runner& run);
void add_render_command(CLI::App& app, Runner& run);
void add_batch_command(CLI::App& app, Runner& run);

}  // namespace convanim::cli
