// The `convanim` executable: --version, --help, `shape` (text, JSON, the guide's table) and `trace`.
#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

using nlohmann::json;
using test::run_cli;

namespace {

json parse_stdout(const test::CliResult& result) {
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.status == 0);
  REQUIRE(result.err.empty());
  json parsed;
  REQUIRE_NOTHROW(parsed = json::parse(result.out));
  return parsed;
}

// The figure stems of guide-figures.md, in its order.
constexpr std::array<std::string_view, 19> guide_stems{
    "no_padding_no_strides",          "no_padding_no_strides_transposed",
    "arbitrary_padding_no_strides",   "arbitrary_padding_no_strides_transposed",
    "same_padding_no_strides",        "same_padding_no_strides_transposed",
    "full_padding_no_strides",        "full_padding_no_strides_transposed",
    "no_padding_strides",             "no_padding_strides_transposed",
    "padding_strides",                "padding_strides_transposed",
    "padding_strides_odd",            "padding_strides_odd_transposed",
    "dilation",                       "numerical_no_padding_no_strides",
    "numerical_padding_strides",      "numerical_average_pooling",
    "numerical_max_pooling"};

// The transposed convolution's arithmetic for one axis, from the guide's and PyTorch's formulas.
struct TransposedAxis {
  int i, k, s, p_begin, p_end, d, a;
  int output() const { return (i - 1) * s - p_begin - p_end + d * (k - 1) + a + 1; }
  int stretched() const { return (i - 1) * s + 1; }
  int zeros_between() const { return s - 1; }
  int padding_begin() const { return d * (k - 1) - p_begin; }  // p'
  int padding_end() const { return d * (k - 1) - p_end; }      // p', without a
  int grid() const { return stretched() + padding_begin() + padding_end() + a; }
};

void check_equivalent(const json& shape, const TransposedAxis& h, const TransposedAxis& w) {
  CHECK(shape["operation"] == "transposed_convolution");
  CHECK(shape["output"] == json::array({h.output(), w.output()}));
  CHECK(shape["steps"] == h.output() * w.output());
  const json& e = shape["equivalent_convolution"];
  CHECK(e["stretched_input"] == json::array({h.stretched(), w.stretched()}));
  CHECK(e["zeros_between_units"] == json::array({h.zeros_between(), w.zeros_between()}));
  CHECK(e["padding"]["top"] == h.padding_begin());
  CHECK(e["padding"]["bottom"] == h.padding_end());
  CHECK(e["padding"]["left"] == w.padding_begin());
  CHECK(e["padding"]["right"] == w.padding_end());
  CHECK(e["extra"] == json::array({h.a, w.a}));
  CHECK(e["grid"] == json::array({h.grid(), w.grid()}));
  CHECK(e["stride"] == json::array({1, 1}));
  CHECK(e["kernel_flipped"] == true);
}

}  // namespace

TEST_CASE("convanim --version and --help", "[cli]") {
  const auto version = run_cli({"--version"});
  CHECK(version.status == 0);
  CHECK_THAT(version.out, Catch::StartsWith("convanim 0.1.0"));
  CHECK(version.err.empty());

  const auto help = run_cli({"--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Catch::Contains("shape") && Catch::Contains("trace"));
  for (const char* command : {"shape", "trace"}) {
    CAPTURE(command);
    const auto sub_help = run_cli({command, "--help"});
    CHECK(sub_help.status == 0);
    CHECK_FALSE(sub_help.out.empty());
  }
}

TEST_CASE("convanim shape: the guide's example", "[cli][shape]") {
  const auto text = run_cli({"shape", "-i", "5", "-k", "3", "-s", "2", "-p", "1"});
  INFO("stdout: " << text.out << "\nstderr: " << text.err);
  CHECK(text.status == 0);
  CHECK(text.err.empty());
  CHECK_THAT(text.out, Catch::Contains("o=3"));
  CHECK_THAT(text.out, Catch::Contains("relationship 6"));

  const json shape = parse_stdout(run_cli({"shape", "-i", "5", "-k", "3", "-s", "2", "-p", "1", "--json"}));
  CHECK(shape["operation"] == "convolution");
  CHECK(shape["input"] == json::array({5, 5}));
  CHECK(shape["output"] == json::array({3, 3}));  // floor((5 + 2 - 3)/2) + 1
  CHECK(shape["steps"] == 9);
  CHECK(shape["relationship"]["number"] == 6);
  CHECK(shape["padding"] == json{{"top", 1}, {"bottom", 1}, {"left", 1}, {"right", 1}});
  CHECK_FALSE(shape.contains("equivalent_convolution"));
}

TEST_CASE("convanim shape: non-square and named padding", "[cli][shape]") {
  // Height: floor((7 + 0 - 3)/1) + 1 = 5; width: floor((9 + 2 - 2(3 - 1) - 1)/2) + 1 = 4.
  const json shape = parse_stdout(
      run_cli({"shape", "-i", "7x9", "-k", "3", "-s", "1x2", "-d", "1x2", "-p", "0,0,1,1", "--json"}));
  CHECK(shape["output"] == json::array({5, 4}));
  CHECK(shape["relationship"].is_null());

  // "same": ceil(10/3) = 4 per axis.
  const json same = parse_stdout(run_cli({"shape", "-i", "10", "-k", "4", "-s", "3", "-p", "same", "--json"}));
  CHECK(same["output"] == json::array({4, 4}));
  // Total (4 - 1)3 + 4 - 10 = 3: 1 at the top, 2 at the bottom.
  CHECK(same["padding"] == json{{"top", 1}, {"bottom", 2}, {"left", 1}, {"right", 2}});

  const json pool = parse_stdout(run_cli({"shape", "--operation", "max_pooling", "-i", "6", "-k", "2", "-s", "2", "--json"}));
  CHECK(pool["output"] == json::array({3, 3}));
  CHECK(pool["relationship"]["number"] == 7);
}

TEST_CASE("convanim shape: transposed convolutions and their equivalent convolution", "[cli][shape]") {
  SECTION("the odd figure: relationship 14") {
    const TransposedAxis a{3, 3, 2, 1, 1, 1, 1};
    const json shape = parse_stdout(
        run_cli({"shape", "-t", "-i", "3", "-k", "3", "-s", "2", "-p", "1", "--output-padding", "1", "--json"}));
    check_equivalent(shape, a, a);
    CHECK(a.output() == 6);
    CHECK(shape["relationship"]["number"] == 14);
    CHECK(shape["output_padding"] == json::array({1, 1}));

    const auto text = run_cli({"shape", "-t", "-i", "3", "-k", "3", "-s", "2", "-p", "1", "--output-padding", "1"});
    CHECK(text.status == 0);
    CHECK_THAT(text.out, Catch::Contains("o=6"));
    CHECK_THAT(text.out, Catch::Contains("relationship 14"));
    CHECK_THAT(text.out, Catch::Contains("equivalent direct convolution"));
  }
  SECTION("non-square, per-axis output_padding") {
    const TransposedAxis h{3, 3, 2, 1, 1, 1, 1}, w{4, 2, 3, 1, 1, 1, 2};
    const json shape = parse_stdout(run_cli(
        {"shape", "--operation", "transposed_convolution", "-i", "3x4", "-k", "3x2", "-s", "2x3", "-p", "1",
         "--output-padding", "1x2", "--json"}));
    check_equivalent(shape, h, w);
    CHECK(shape["relationship"].is_null());
  }
  SECTION("padding beyond d(k - 1) crops the stretched input") {
    const TransposedAxis a{4, 2, 2, 3, 3, 1, 0};
    const json shape = parse_stdout(run_cli({"shape", "-t", "-i", "4", "-k", "2", "-s", "2", "-p", "3", "--json"}));
    check_equivalent(shape, a, a);
    CHECK(a.padding_begin() == -2);
    const auto text = run_cli({"shape", "-t", "-i", "4", "-k", "2", "-s", "2", "-p", "3"});
    CHECK_THAT(text.out, Catch::Contains("negative"));
  }
  SECTION("dilated, uneven padding") {
    const TransposedAxis h{2, 3, 1, 0, 2, 2, 1}, w{3, 2, 2, 1, 0, 3, 2};
    const json shape = parse_stdout(run_cli({"shape", "-t", "-i", "2x3", "-k", "3x2", "-s", "1x2", "-d", "2x3",
                                             "-p", "0,2,1,0", "--output-padding", "1x2", "--json"}));
    check_equivalent(shape, h, w);
  }
}

TEST_CASE("convanim shape --guide", "[cli][shape][guide]") {
  const json table = parse_stdout(run_cli({"shape", "--guide", "--json"}));
  REQUIRE(table.is_array());
  REQUIRE(table.size() == guide_stems.size());
  for (std::size_t n = 0; n < guide_stems.size(); ++n) {
    const json& row = table[n];
    CAPTURE(guide_stems[n]);
    const std::string stem(guide_stems[n]);
    CHECK(row["figure"] == stem);
    const bool transposed = stem.ends_with("_transposed");
    CHECK(row["kind"] == (stem.starts_with("numerical_") ? "numerical" : "arithmetic"));
    CHECK(row["operation"] == (transposed                                  ? "transposed_convolution"
                               : stem == "numerical_average_pooling"        ? "average_pooling"
                               : stem == "numerical_max_pooling"            ? "max_pooling"
                                                                            : "convolution"));
    CHECK(row["output_padding"] == json::array({stem == "padding_strides_odd_transposed" ? 1 : 0,
                                                stem == "padding_strides_odd_transposed" ? 1 : 0}));
    // A transposed figure maps o x o back to i x i: as many frames as the direct figure's input.
    if (transposed) {
      const auto direct = std::find(guide_stems.begin(), guide_stems.end(), stem.substr(0, stem.size() - 11));
      REQUIRE(direct != guide_stems.end());
      const json& forward = table[std::size_t(direct - guide_stems.begin())];
      CHECK(row["input"] == forward["output"]);
      CHECK(row["output"] == forward["input"]);
      CHECK(row["equivalent_convolution"]["grid"][0].get<int>() - row["kernel"][0].get<int>() + 1 ==
            forward["input"][0].get<int>());
    }
    CHECK(row["steps"] == row["output"][0].get<int>() * row["output"][1].get<int>());
    CHECK_FALSE(row["relationship"].is_null());
  }
  const auto text = run_cli({"shape", "--guide"});
  CHECK(text.status == 0);
  for (std::string_view stem : guide_stems) CHECK_THAT(text.out, Catch::Contains(std::string(stem)));
}

TEST_CASE("convanim trace prints the documented record", "[cli][trace]") {
  const test::TempDir dir;
  // in = [[1, 2], [3, 4]], w = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], s = 2, p = 1, output_padding = 1.
  const auto config = dir.write("odd_transposed.json", R"({
    "operation": "transposed_convolution",
    "input": 2, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1,
    "values": {"input": [[1, 2], [3, 4]], "kernel": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}
  })");
  const json trace = parse_stdout(run_cli({"trace", config.string()}));

  std::set<std::string> keys;
  for (const auto& [key, unused] : trace.items()) keys.insert(key);
  CHECK(keys == std::set<std::string>{"name", "operation", "dims", "in_channels", "out_channels", "groups",
                                      "input_size", "output_size", "kernel_size", "stride", "dilation",
                                      "output_padding", "padding", "bias", "grid", "order", "steps", "scatter",
                                      "values"});
  CHECK(trace["dims"] == 2);
  CHECK(trace["in_channels"] == 1);
  CHECK(trace["out_channels"] == 1);
  CHECK(trace["groups"] == 1);
  CHECK(trace["bias"] == false);
  CHECK(trace["order"] == "channel");
  CHECK(trace["name"] == "odd_transposed");  // the file's stem
  CHECK(trace["operation"] == "transposed_convolution");
  CHECK(trace["input_size"] == json::array({2, 2}));
  CHECK(trace["output_size"] == json::array({4, 4}));  // (2 - 1)2 - 2 + 2 + 1 + 1
  CHECK(trace["kernel_size"] == json::array({3, 3}));
  CHECK(trace["stride"] == json::array({2, 2}));
  CHECK(trace["dilation"] == json::array({1, 1}));
  CHECK(trace["output_padding"] == json::array({1, 1}));
  CHECK(trace["padding"] == json{{"top", 1}, {"bottom", 1}, {"left", 1}, {"right", 1}});
  // Stretched 3, k - 1 - p = 1 zero before, 1 + a = 2 after.
  CHECK(trace["grid"] == json{{"size", {6, 6}}, {"input_origin", {1, 1}}, {"input_spacing", {2, 2}}});

  const json& steps = trace["steps"];
  REQUIRE(steps.size() == 16);
  for (std::size_t n = 0; n < steps.size(); ++n) {
    const int r = int(n / 4), c = int(n % 4);
    CAPTURE(n);
    CHECK(steps[n]["output"] == json::array({r, c}));
    json window = json::array();
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) window.push_back({r + a, c + b});
    CHECK(steps[n]["window"] == window);
    CHECK(steps[n]["output_channel"] == 0);
    CHECK(steps[n]["input_channels"] == json::array({0}));
    CHECK(steps[n].size() == 5);
  }
  // Output (0, 0) is reached only from input (0, 0), through w[1][1]; output (1, 1) from all four.
  CHECK(steps[0]["inputs"] == json::array({{0, 0}}));
  CHECK(steps[5]["inputs"] == json::array({{0, 0}, {0, 1}, {1, 0}, {1, 1}}));

  // The scatter: one stamp per input unit, row-major; unit (0, 0) lands at -1 + t (p = 1), so its
  // taps (0, *) and (*, 0) are cropped away and taps (1..2, 1..2) write output cells (0..1, 0..1).
  const json& scatter = trace["scatter"];
  REQUIRE(scatter.size() == 4);
  CHECK(scatter[0]["input"] == json::array({0, 0, 0}));
  CHECK(scatter[0]["outputs"] == json::array({{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}}));
  CHECK(scatter[0]["taps"] == json::array({{1, 1}, {1, 2}, {2, 1}, {2, 2}}));
  CHECK(scatter[0]["cropped"].size() == 5);

  const json& values = trace["values"];
  // PyTorch's shapes, single channel included: input [C_in, H, W], kernel [C_in, C_out / groups, kh, kw].
  CHECK(values["input"] == json::array({json::array({{1, 2}, {3, 4}})}));
  CHECK(values["kernel"] == json::array({json::array({json::array({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})})}));
  // Worked by hand from the scatter (see test_simulator.cpp).
  CHECK(values["output"] ==
        json::array({json::array({{5, 14, 10, 12}, {14, 36, 24, 30}, {15, 34, 20, 24}, {24, 55, 32, 36}})}));
}

TEST_CASE("convanim trace: pooling, no values, one line", "[cli][trace]") {
  const test::TempDir dir;
  const auto config = dir.write("pool.json", R"({"name": "avg", "operation": "average_pooling", "input": [3, 4],
    "kernel": 2, "padding": {"right": 1}, "count_include_pad": false})");
  const auto result = run_cli({"trace", config.string(), "--indent", "-1"});
  const json trace = parse_stdout(result);
  CHECK(result.out.find('\n') == result.out.size() - 1);  // one line
  CHECK(trace["name"] == "avg");
  CHECK(trace["count_include_pad"] == false);
  CHECK_FALSE(trace.contains("values"));
  CHECK(trace["output_size"] == json::array({2, 4}));  // 3 - 2 + 1, 4 + 1 - 2 + 1
  CHECK(trace["padding"] == json{{"top", 0}, {"bottom", 0}, {"left", 0}, {"right", 1}});
  REQUIRE(trace["steps"].size() == 8);
  // The last column's windows reach the right padding: two real cells of four.
  CHECK(trace["steps"][3]["window"] == json::array({{0, 3}, {0, 4}, {1, 3}, {1, 4}}));
  CHECK(trace["steps"][3]["inputs"] == json::array({{0, 3}, {1, 3}}));
}
