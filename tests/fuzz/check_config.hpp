// What the config fuzzer checks of one input, shared with the test that replays its regressions:
// reading the bytes as a config (its render object too) either gives a scenario that simulates and
// prints as a trace (or a network), or throws one ConfigError whose message is a single line. Returns that message ("" on success);
// anything else escapes (another exception type) or aborts (a multi-line message).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <string>
#include <string_view>

#include "renderer/views/render_options.hpp"
#include "src/config/config.hpp"
#include "src/config/json_file.hpp"
#include "src/simulate/simulator.hpp"
#include "src/simulate/trace_json.hpp"

namespace fuzz {

// Printing a trace is linear in its taps; past this the fuzzer would spend its time writing JSON.
inline constexpr std::size_t taps_worth_printing = 20'000;

inline std::string check_config(std::string_view text) {
  using namespace convanim;
  if (text.size() > max_config_bytes) return "too large";  // read_config_file refuses these unread
  try {
    const Config config = parse_config(parse_config_text(text, "fuzz.json"), "fuzz.json", "fuzz");
    read_render_options(config);
    if (!config.scenario()) return "";
    const Trace trace = simulate(*config.scenario());
    std::size_t taps = 0;
    for (const Step& step : trace.steps) taps += step.window.size();
    if (taps <= taps_worth_printing) (void)trace_to_json(trace).dump(-1);
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    for (char c : message)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) std::abort();
    return message.empty() ? "(empty message)" : message;
  }
  return "";
}

}  // namespace fuzz
