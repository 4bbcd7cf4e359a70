// `convanim trace CONFIG.json`: the simulator's record as JSON on stdout.
#include <iostream>
#include <memory>

#include <fmt/core.h>

#include "app/cli/commands.hpp"
#include "app/cli/render_flags.hpp"
#include "src/simulate/network_trace.hpp"
#include "src/simulate/simulator.hpp"
#include "src/simulate/trace_json.hpp"

namespace convanim::cli {
namespace {
constexpr int max_indent = 16;  // deeper indentation reads no better and only makes the record larger
}  // namespace

void add_trace_command(CLI::App& app, Runner& run) {
  auto config = std::make_shared<std::string>();
  auto indent = std::make_shared<int>(2);
  CLI::App* trace = app.add_subcommand(
      "trace", "Print every kernel application of a scenario (grid, windows, inputs, values) as JSON; for a "
               "network, every layer's and the receptive fields of its top units");
  trace->add_option("config", *config, "Scenario or network config (JSON)")->required();
  trace->add_option("--indent", *indent, "JSON indentation, 0 to 16; -1 for one line")
      ->check(CLI::Range(-1, max_indent))
      ->capture_default_str();
  trace->callback([config, indent, &run] {
    run = [config, indent] {
      const Config loaded = load_checked_config(*config);
      // Streamed: a record of tens of millions of values would take gigabytes as a JSON tree.
      std::cout.exceptions(std::ios::badbit | std::ios::failbit);
      if (loaded.network()) write_network_trace_json(std::cout, simulate_network(*loaded.network()), *indent);
      else write_trace_json(std::cout, simulate(*loaded.scenario()), *indent);
      std::cout << '\n' << std::flush;
      return exit_ok;
    };
  });
}

}  // namespace convanim::cli
