// parse_scenario on JSON objects: padding forms, per-axis pairs, defaults, values and their seeds.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "src/config/config.hpp"
#include "src/config/scenario.hpp"
#include "src/simulate/values.hpp"
#include "cli_run.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

// Longer than std::string's small-buffer (15 characters): see the short-source test at the end.
constexpr const char* source_name = "scenario_under_test.json";

Scenario parse(const json& config, std::string default_name = "default") {
  return parse_scenario(config, source_name, std::move(default_name));
}

// The message parse_scenario throws, or "" when it accepts the config.
std::string error_of(const json& config) {
  return test::error_of([&] { parse(config); });
}

using test::ReferenceSplitMix64;

}  // namespace

TEST_CASE("required keys and defaults", "[scenario]") {
  const Scenario s = parse(json{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}}, "my_config");
  CHECK(s.name == "my_config");
  CHECK(s.source == source_name);
  CHECK(s.operation == Operation::convolution);
  for (const Axis& a : s.axes) {
    CHECK(a.input == 5);
    CHECK(a.kernel == 3);
    CHECK(a.stride == 1);
    CHECK(a.dilation == 1);
    CHECK(a.padding_begin == 0);
    CHECK(a.padding_end == 0);
    CHECK(a.output_padding == 0);
  }
  CHECK_FALSE(s.padding.scheme.has_value());
  CHECK(s.padding.sides == std::array<int, 4>{0, 0, 0, 0});
  CHECK_FALSE(s.values.has_value());
  CHECK(&s.height() == &s.axes[0]);
  CHECK(&s.width() == &s.axes[1]);

  const Scenario named = parse(json{{"name", "given"}, {"operation", "max_pooling"}, {"input", 4}, {"kernel", 2}});
  CHECK(named.name == "given");
  CHECK(named.operation == Operation::max_pooling);

  for (const char* missing : {"operation", "input", "kernel"}) {
    json config{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}};
    config.erase(missing);
    const std::string message = error_of(config);
    CAPTURE(missing, message);
    CHECK(message.rfind(std::string(source_name) + ": /" + missing + ": missing", 0) == 0);
  }
}

TEST_CASE("per-axis pairs are [height, width]", "[scenario]") {
  const Scenario s = parse(json{{"operation", "transposed_convolution"},
                                {"input", {4, 6}},
                                {"kernel", {3, 2}},
                                {"stride", {2, 3}},
                                {"dilation", {1, 2}},
                                {"output_padding", {1, 2}}});
  CHECK(s.operation == Operation::transposed_convolution);
  CHECK(s.height().input == 4);
  CHECK(s.width().input == 6);
  CHECK(s.height().kernel == 3);
  CHECK(s.width().kernel == 2);
  CHECK(s.height().stride == 2);
  CHECK(s.width().stride == 3);
  CHECK(s.height().dilation == 1);
  CHECK(s.width().dilation == 2);
  CHECK(s.height().output_padding == 1);
  CHECK(s.width().output_padding == 2);

  CHECK_THAT(error_of(json{{"operation", "convolution"}, {"input", {4, 5, 6}}, {"kernel", 3}}),
             Catch::Contains("/input: expected a number or [height, width], got an array of 3"));
  CHECK_THAT(error_of(json{{"operation", "convolution"}, {"input", {4, 0}}, {"kernel", 3}}),
             Catch::Contains("/input/1: expected an integer from 1 to 256"));
  CHECK_THAT(error_of(json{{"operation", "convolution"}, {"input", 5}, {"kernel", 2.5}}),
             Catch::Contains("/kernel: expected an integer"));
  CHECK_THAT(error_of(json{{"operation", "convolution"}, {"input", 257}, {"kernel", 3}}),
             Catch::Contains("/input: expected an integer from 1 to 256"));
}

TEST_CASE("padding forms", "[scenario][padding]") {
  const json base{{"operation", "convolution"}, {"input", 6}, {"kernel", 3}, {"stride", 2}};
  const auto with_padding = [&](const json& padding) {
    json config = base;
    config["padding"] = padding;
    return parse(config);
  };
  const auto sides = [](const Scenario& s) {
    return std::array<int, 4>{s.height().padding_begin, s.height().padding_end, s.width().padding_begin,
                              s.width().padding_end};
  };

  SECTION("a number: every side") {
    const Scenario s = with_padding(2);
    CHECK(sides(s) == std::array<int, 4>{2, 2, 2, 2});
    CHECK_FALSE(s.padding.scheme.has_value());
  }
  SECTION("[height, width]") {
    CHECK(sides(with_padding({1, 2})) == std::array<int, 4>{1, 1, 2, 2});
  }
  SECTION("four sides, missing ones 0") {
    CHECK(sides(with_padding({{"top", 1}, {"bottom", 2}, {"left", 0}, {"right", 3}})) ==
          std::array<int, 4>{1, 2, 0, 3});
    CHECK(sides(with_padding({{"right", 2}})) == std::array<int, 4>{0, 0, 0, 2});
    CHECK(sides(with_padding(json::object())) == std::array<int, 4>{0, 0, 0, 0});
  }
  SECTION("names") {
    // same: i = 6, s = 2 -> o = 3, total (3 - 1)*2 + 3 - 6 = 1, on the bottom/right.
    const Scenario same = with_padding("same");
    CHECK(same.padding.scheme == PaddingScheme::same);
    CHECK(sides(same) == std::array<int, 4>{0, 1, 0, 1});
    CHECK(output_size(same.operation, same.height()) == 3);
    CHECK(sides(with_padding("valid")) == std::array<int, 4>{0, 0, 0, 0});
    CHECK(sides(with_padding("full")) == std::array<int, 4>{2, 2, 2, 2});
    CHECK(sides(with_padding("half")) == std::array<int, 4>{1, 1, 1, 1});
  }
  SECTION("bad padding") {
    json config = base;
    config["padding"] = "sam";
    CHECK_THAT(error_of(config), Catch::Contains("/padding: expected one of \"valid\", \"same\", \"full\", \"half\""));
    config["padding"] = {{"top", 1}, {"up", 1}};
    CHECK_THAT(error_of(config), Catch::Contains("/padding/up: unknown key \"up\" (did you mean \"top\"?)"));
    config["padding"] = -1;
    CHECK_THAT(error_of(config), Catch::Contains("/padding: expected an integer from 0 to 256"));
    config["padding"] = true;
    CHECK_THAT(error_of(config), Catch::Contains("/padding: expected a number, [height, width]"));
    config["padding"] = {{"left", "one"}};
    CHECK_THAT(error_of(config), Catch::Contains("/padding/left: expected an integer"));
  }
}

TEST_CASE("count_include_pad belongs to average pooling", "[scenario]") {
  const json avg{{"operation", "average_pooling"}, {"input", 5}, {"kernel", 3}, {"padding", 1}};
  CHECK(parse(avg).count_include_pad);
  json off = avg;
  off["count_include_pad"] = false;
  CHECK_FALSE(parse(off).count_include_pad);
  off["count_include_pad"] = 0;
  CHECK_THAT(error_of(off), Catch::Contains("/count_include_pad: expected true or false"));

  for (const char* op : {"convolution", "transposed_convolution", "max_pooling"}) {
    CAPTURE(op);
    const json config{{"operation", op}, {"input", 5}, {"kernel", 3}, {"count_include_pad", true}};
    CHECK_THAT(error_of(config), Catch::Contains("/count_include_pad: only average_pooling"));
  }
}

TEST_CASE("render object and unknown keys", "[scenario]") {
  // The core passes the render object through unread, as written; the renderer reads it
  // (test_render_settings.cpp), and every command checks it (test_cli.cpp).
  const json render{{"theme", "dark"}, {"cell_size", 20}, {"anything", "the renderer's to refuse"}};
  const Config c = parse_config(json{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"render", render}},
                                source_name, "x");
  CHECK(c.render == render);
  CHECK(c.source == source_name);
  REQUIRE(c.scenario() != nullptr);
  CHECK(c.scenario()->height().kernel == 3);
  CHECK(parse_config(json{{"operation", "convolution"}, {"input", 5}, {"kernel", 3}}, source_name, "x").render.is_null());
  CHECK_THAT(error_of(json{{"operation", "convolution"}, {"input", 5}, {"kernal", 3}}),
             Catch::Contains("/kernal: unknown key \"kernal\" (did you mean \"kernel\"?)"));
  CHECK_THAT(error_of(json::array({1, 2})), Catch::Contains(std::string(source_name) + ": /: expected a JSON object"));
}

TEST_CASE("explicit values", "[scenario][values]") {
  const json config{{"operation", "convolution"},
                    {"input", {2, 3}},
                    {"kernel", {1, 2}},
                    {"values", {{"input", {{1, 2, 3}, {4.5, -5, 6}}}, {"kernel", {{7, -0.25}}}}}};
  const Scenario s = parse(config);
  REQUIRE(s.values.has_value());
  CHECK_FALSE(s.values->seed.has_value());
  // In PyTorch's full shapes: a single channel's [H][W] input is [1][H][W], its kernel [1][1][kh][kw].
  Tensor input({1, 2, 3}), kernel({1, 1, 1, 2});
  input.data = {1, 2, 3, 4.5, -5, 6};
  kernel.data = {7, -0.25};
  CHECK(s.values->input == input);
  CHECK(s.values->kernel == kernel);
  const ScenarioValues resolved = resolve_values(s);
  CHECK(resolved.input == input);
  REQUIRE(resolved.kernel.has_value());
  CHECK(*resolved.kernel == kernel);

  const Scenario pool = parse(json{{"operation", "max_pooling"},
                                   {"input", 2},
                                   {"kernel", 2},
                                   {"values", {{"input", {{1, 2}, {3, 4}}}}}});
  const ScenarioValues pooled = resolve_values(pool);
  CHECK(pooled.input.shape == std::vector<int>{1, 2, 2});
  CHECK(pooled.input.at({0, 1, 0}) == 3);
  CHECK_FALSE(pooled.kernel.has_value());

  json no_kernel = config;
  no_kernel["values"].erase("kernel");
  CHECK_THAT(error_of(no_kernel), Catch::Contains("/values: convolution needs \"kernel\" values"));
  json both = config;
  both["values"]["seed"] = 1;
  CHECK_THAT(error_of(both), Catch::Contains("/values: give either \"seed\""));
  json text_cell = config;
  text_cell["values"]["input"][1][2] = "6";
  CHECK_THAT(error_of(text_cell), Catch::Contains("/values/input/1/2: expected a number"));
  json short_row = config;
  short_row["values"]["input"][1] = {1, 2};
  CHECK_THAT(error_of(short_row), Catch::Contains("/values/input/1: expected an array of 3 here (the shape is "
                                                  "[1][2][3] (C_in, H, W); leading dimensions of size 1 may be left "
                                                  "out)"));
}

TEST_CASE("SplitMix64 known answers", "[values]") {
  // The published reference outputs of SplitMix64 for seed 1234567.
  SplitMix64 generator(1234567);
  CHECK(generator.next() == 6457827717110365317ull);
  CHECK(generator.next() == 3203168211198807973ull);
  CHECK(generator.next() == 9817491932198370423ull);

  ReferenceSplitMix64 reference{1234567};
  CHECK(reference.next() == 6457827717110365317ull);
  CHECK(reference.next() == 3203168211198807973ull);
  CHECK(reference.next() == 9817491932198370423ull);

  // uniform(low, high) = low + next() mod (high - low + 1).
  for (std::uint64_t seed : {0ull, 1ull, 42ull, 18446744073709551615ull}) {
    SplitMix64 project(seed);
    ReferenceSplitMix64 ours{seed};
    for (int n = 0; n < 200; ++n) {
      const int low = -n, high = n * 3 + 1;
      CHECK(static_cast<double>(project.uniform(low, high)) == ours.uniform(low, high));
    }
  }
}

TEST_CASE("seeded values", "[scenario][values]") {
  const auto seeded = [](json values, const char* op = "convolution") {
    return parse(json{{"operation", op}, {"input", {9, 11}}, {"kernel", {3, 4}}, {"values", std::move(values)}});
  };

  SECTION("same seed, same matrices; another seed, others") {
    const ScenarioValues a = resolve_values(seeded({{"seed", 7}}));
    const ScenarioValues b = resolve_values(seeded({{"seed", 7}}));
    const ScenarioValues c = resolve_values(seeded({{"seed", 8}}));
    CHECK(a.input == b.input);
    CHECK(a.kernel == b.kernel);
    CHECK(a.input != c.input);
    CHECK(a.input.shape == std::vector<int>{1, 9, 11});
    REQUIRE(a.kernel.has_value());
    CHECK(a.kernel->shape == std::vector<int>{1, 1, 3, 4});
  }

  SECTION("default ranges: input 0..3, kernel 0..2, every value drawn") {
    const Scenario s = seeded({{"seed", 2024}});
    REQUIRE(s.values.has_value());
    CHECK(s.values->seed == std::uint64_t{2024});
    CHECK(s.values->input_range.low == 0);
    CHECK(s.values->input_range.high == 3);
    CHECK(s.values->kernel_range.low == 0);
    CHECK(s.values->kernel_range.high == 2);
    const ScenarioValues v = resolve_values(s);
    const std::set<double> inputs(v.input.data.begin(), v.input.data.end());
    const std::set<double> weights(v.kernel->data.begin(), v.kernel->data.end());
    CHECK(inputs == std::set<double>{0, 1, 2, 3});
    CHECK(weights == std::set<double>{0, 1, 2});
  }

  SECTION("custom ranges") {
    const ScenarioValues v = resolve_values(
        seeded({{"seed", 5}, {"input_range", {-4, 4}}, {"kernel_range", {10, 10}}}));
    for (double x : v.input.data) {
      CHECK(x >= -4);
      CHECK(x <= 4);
      CHECK(x == static_cast<double>(static_cast<int>(x)));
    }
    for (double w : v.kernel->data) CHECK(w == 10);
    CHECK(std::set<double>(v.input.data.begin(), v.input.data.end()).size() == 9);
  }

  SECTION("drawn row-major, the input first, then the kernel") {
    for (std::uint64_t seed : {0ull, 3ull, 1234567ull, 9007199254740993ull}) {
      CAPTURE(seed);
      const ScenarioValues v = resolve_values(seeded({{"seed", seed}, {"input_range", {-7, 20}}, {"kernel_range", {-3, 3}}}));
      ReferenceSplitMix64 reference{seed};
      Tensor input({1, 9, 11}), kernel({1, 1, 3, 4});
      for (double& x : input.data) x = reference.uniform(-7, 20);
      for (double& x : kernel.data) x = reference.uniform(-3, 3);
      CHECK(v.input == input);
      CHECK(v.kernel == kernel);
    }
    // Pooling draws only the input.
    const ScenarioValues pooled = resolve_values(seeded({{"seed", 11}}, "average_pooling"));
    ReferenceSplitMix64 reference{11};
    Tensor input({1, 9, 11});
    for (double& x : input.data) x = reference.uniform(0, 3);
    CHECK(pooled.input == input);
    CHECK_FALSE(pooled.kernel.has_value());
  }

  SECTION("bad seeds and ranges") {
    CHECK_THAT(error_of(json{{"operation", "convolution"}, {"input", 3}, {"kernel", 2}, {"values", {{"seed", -1}}}}),
               Catch::Contains("/values/seed: expected a non-negative integer"));
    CHECK_THAT(error_of(json{{"operation", "convolution"}, {"input", 3}, {"kernel", 2}, {"values", {{"seed", 1.5}}}}),
               Catch::Contains("/values/seed: expected a non-negative integer"));
    CHECK_THAT(error_of(json{{"operation", "convolution"},
                             {"input", 3},
                             {"kernel", 2},
                             {"values", {{"seed", 1}, {"input_range", {3, 1}}}}}),
               Catch::Contains("/values/input_range: low must not exceed high"));
    CHECK_THAT(error_of(json{{"operation", "max_pooling"},
                             {"input", 3},
                             {"kernel", 2},
                             {"values", {{"seed", 1}, {"kernel_range", {0, 1}}}}}),
               Catch::Contains("/values/kernel_range: pooling has no kernel weights"));
    CHECK_THAT(error_of(json{{"operation", "convolution"},
                             {"input", 3},
                             {"kernel", 2},
                             {"values", {{"input_range", {0, 1}}}}}),
               Catch::Contains("/values/input_range: the ranges go with \"seed\""));
  }
}

TEST_CASE("load_scenario reads a file, named after its stem", "[scenario]") {
  const test::TempDir dir;
  const std::filesystem::path path = dir.path() / "little_conv.json";
  std::ofstream(path) << R"({"operation": "convolution", "input": [5, 6], "kernel": 3, "padding": "same"})";
  const Scenario s = load_scenario(path);
  CHECK(s.name == "little_conv");
  CHECK(s.source == path.string());
  CHECK(s.width().input == 6);
  CHECK(s.padding.scheme == PaddingScheme::same);
}

// Bug: parse_scenario() keeps a std::string_view of its `source` parameter in the root ConfigNode
// (src/scenario.cpp, `const ConfigNode root{config, "", source};`) and then moves the string away
// (`s.source = std::move(source);`). A source short enough for std::string's small buffer is left
// empty by the move, so every message raised through a ConfigNode starts with a NUL byte: what()
// reads as "" and the CLI prints just "convanim: ". Longer sources happen to survive (the heap
// buffer moves to s.source).
TEST_CASE("errors name a short source too", "[scenario]") {
  for (std::string source : {"a.json", "configs/x.json", "test.json"}) {
    CAPTURE(source);
    std::string message;
    try {
      parse_scenario(json{{"operation", "convolution"}, {"input", 257}, {"kernel", 3}}, source, "x");
    } catch (const ConfigError& e) {
      message = e.what();
    }
    CHECK(message == source + ": /input: expected an integer from 1 to 256, got 257");
    message.clear();
    try {
      parse_scenario(json{{"operation", "convolution"}, {"input", 5}, {"kernal", 3}}, source, "x");
    } catch (const ConfigError& e) {
      message = e.what();
    }
    CHECK_THAT(message, Catch::StartsWith(source + ": /kernal: unknown key"));
  }
}
