// Helpers several test files share, written once: how Catch prints a Cell, the axis of a layer as the
// sweeps give it and what follows from it, the reference SplitMix64, and the message a parser throws
// (pixel_support.hpp has the colours read off pixels).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "renderer/scene/text.hpp"
#include "src/config/config_error.hpp"
#include "src/simulate/simulator.hpp"

// A text's characters, its styles dropped, wherever a test prints one.
namespace convanim {
inline std::ostream& operator<<(std::ostream& out, const RichText& text) { return out << text.plain(); }
}  // namespace convanim

namespace Catch {
template <>
struct StringMaker<convanim::Cell> {
  static std::string convert(const convanim::Cell& cell) {
    return "(" + std::to_string(cell.row) + ", " + std::to_string(cell.col) + ")";
  }
};
}  // namespace Catch

namespace test {

// The message of the ConfigError `run` throws; "" when it throws none.
template <class Run>
std::string config_error_of(Run run) {
  try {
    run();
  } catch (const convanim::ConfigError& e) {
    return e.what();
  }
  return "";
}

// A text with its styles as tags, to compare with a line written out: "x<sub>1,2</sub>".
inline std::string tagged(const convanim::RichText& text) {
  std::string out;
  for (const convanim::TextRun& run : text.runs) {
    std::string part = run.italic ? "<i>" + run.text + "</i>" : run.text;
    if (run.script == convanim::TextRun::Script::sub) part = "<sub>" + part + "</sub>";
    if (run.script == convanim::TextRun::Script::super) part = "<sup>" + part + "</sup>";
    out += part;
  }
  return out;
}

// One spatial axis: input, kernel, stride, dilation, padding at the begin and end, output_padding.
struct AxisSpec {
  int i = 1, k = 1, s = 1, d = 1, pb = 0, pe = 0, op = 0;
};

// Output length of one axis, counted: placements of the kernel over the padded input, or the extent
// of the scatter (cropped by padding, extended by output_padding) for a transposed convolution.
inline int output_length(bool transposed, const AxisSpec& a) {
  if (transposed) {
    int last = 0;
    for (int j = 0; j < a.i; ++j)
      for (int t = 0; t < a.k; ++t) last = std::max(last, j * a.s + t * a.d);
    return last + 1 + a.op - a.pb - a.pe;
  }
  int count = 0;
  for (int start = 0; start + a.d * (a.k - 1) < a.pb + a.i + a.pe; start += a.s) ++count;
  return count;
}

// Whether every pooling window of an axis has a tap on an input unit (max pooling values refuse a
// window over padding alone, whose maximum PyTorch gives as -inf).
inline bool every_window_reaches_input(const AxisSpec& a) {
  for (int start = 0; start + a.d * (a.k - 1) < a.pb + a.i + a.pe; start += a.s) {
    bool reaches = false;
    for (int t = 0; t < a.k; ++t) reaches = reaches || (start + t * a.d >= a.pb && start + t * a.d < a.pb + a.i);
    if (!reaches) return false;
  }
  return true;
}

// The input units of one transposed axis that scatter onto output position r: j s - p_begin + t d = r.
inline std::vector<int> scatter_sources(const AxisSpec& a, int r) {
  std::vector<int> sources;
  for (int j = 0; j < a.i; ++j)
    for (int t = 0; t < a.k; ++t)
      if (j * a.s - a.pb + t * a.d == r) sources.push_back(j);
  return sources;
}

// The grid of a layer with axes h and w: the padded input, or the stretched input with d(k - 1) - p
// zeros on each side (negative: cropped) and output_padding more at the end.
inline void check_grid(const convanim::Grid& g, bool transposed, const AxisSpec& h, const AxisSpec& w) {
  const AxisSpec axes[2] = {h, w};
  for (std::size_t n = 0; n < 2; ++n) {
    const AxisSpec& a = axes[n];
    CAPTURE(n);
    CHECK(g.input_size[n] == a.i);
    if (transposed) {
      CHECK(g.input_origin[n] == a.d * (a.k - 1) - a.pb);
      CHECK(g.input_spacing[n] == a.s);
      CHECK(g.size[n] == (a.i - 1) * a.s + 1 + 2 * a.d * (a.k - 1) - a.pb - a.pe + a.op);
    } else {
      CHECK(g.input_origin[n] == a.pb);
      CHECK(g.input_spacing[n] == 1);
      CHECK(g.size[n] == a.pb + a.i + a.pe);
    }
  }
}

// Where [c][r][x] lies in a row-major array of `height` x `width` planes (outputs, and inputs alike).
inline std::size_t output_offset(int c, int r, int x, int height, int width) {
  return (std::size_t(c) * std::size_t(height) + std::size_t(r)) * std::size_t(width) + std::size_t(x);
}

// Where weight[outer][inner][a][b] lies in a row-major array of `inners` x `kh` x `kw` blocks.
inline std::size_t weight_offset(int outer, int inner, int a, int b, int inners, int kh, int kw) {
  return ((std::size_t(outer) * std::size_t(inners) + std::size_t(inner)) * std::size_t(kh) + std::size_t(a)) *
             std::size_t(kw) +
         std::size_t(b);
}

// SplitMix64 as Steele, Lea and Flood give it, written out here to check the project's against.
struct ReferenceSplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    state += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform(int low, int high) {
    const std::uint64_t span = static_cast<std::uint64_t>(static_cast<std::int64_t>(high) - low + 1);
    return static_cast<double>(static_cast<std::int64_t>(low) + static_cast<std::int64_t>(next() % span));
  }
};

// The message `parse()` throws as a ConfigError, or "" when it accepts.
template <class Parse>
std::string error_of(Parse&& parse) {
  try {
    parse();
  } catch (const convanim::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace test
