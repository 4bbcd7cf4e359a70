// Bad configs and flags: `convanim` exits 2 with one line on stderr,
//   convanim: FILE: /json/path: what is wrong; what is allowed
// and nothing on stdout.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "src/config/scenario.hpp"

using test::run_cli;

namespace fs = std::filesystem;

namespace {

struct BadConfig {
  const char* name;
  const char* text;
  const char* json_path;  // "" when the message is about the whole file
  std::vector<std::string> says;  // substrings of the message
};

const std::vector<BadConfig> bad_configs{
    {"not_json", R"({"operation": "convolution", "input": 5,)", "", {"not valid JSON"}},
    {"empty_file", "", "", {"not valid JSON"}},
    {"not_an_object", "[1, 2]", "/", {"expected a JSON object"}},
    {"unknown_key", R"({"operation": "convolution", "input": 5, "kernal": 3})", "/kernal",
     {"unknown key \"kernal\"", "did you mean \"kernel\"", "allowed:"}},
    {"unknown_values_key", R"({"operation": "convolution", "input": 3, "kernel": 2, "values": {"inptu": [[1]]}})",
     "/values/inptu", {"did you mean \"input\""}},
    {"unknown_padding_side", R"({"operation": "convolution", "input": 5, "kernel": 3, "padding": {"lef": 1}})",
     "/padding/lef", {"did you mean \"left\""}},
    {"missing_operation", R"({"input": 5, "kernel": 3})", "/operation", {"missing", "\"transposed_convolution\""}},
    {"missing_kernel", R"({"operation": "convolution", "input": 5})", "/kernel", {"missing"}},
    {"unknown_operation", R"({"operation": "dilated_convolution", "input": 5, "kernel": 3})", "/operation",
     {"expected one of", "\"convolution\"", "\"max_pooling\"", "got \"dilated_convolution\""}},
    {"stride_text", R"({"operation": "convolution", "input": 5, "kernel": 3, "stride": "two"})", "/stride",
     {"expected an integer", "got \"two\""}},
    {"stride_float", R"({"operation": "convolution", "input": 5, "kernel": 3, "stride": 1.5})", "/stride",
     {"expected an integer"}},
    {"input_zero", R"({"operation": "convolution", "input": 0, "kernel": 3})", "/input",
     {"expected an integer from 1 to 256", "got 0"}},
    {"kernel_negative", R"({"operation": "convolution", "input": 5, "kernel": -1})", "/kernel",
     {"expected an integer from 1 to 256", "got -1"}},
    {"dilation_pair_zero", R"({"operation": "convolution", "input": 5, "kernel": 3, "dilation": [1, 0]})",
     "/dilation/1", {"expected an integer from 1 to 256"}},
    {"negative_padding", R"({"operation": "convolution", "input": 5, "kernel": 3, "padding": -1})", "/padding",
     {"from 0 to 256"}},
    {"padding_scheme", R"({"operation": "convolution", "input": 5, "kernel": 3, "padding": "sam"})", "/padding",
     {"\"same\"", "got \"sam\""}},
    {"output_padding_too_large",
     R"({"operation": "transposed_convolution", "input": 3, "kernel": 3, "stride": 2, "output_padding": 2})",
     "/output_padding", {"output_padding 2", "max(stride, dilation) = 2"}},
    {"output_padding_dilated",
     R"({"operation": "transposed_convolution", "input": 3, "kernel": 3, "dilation": [1, 3], "output_padding": [0, 3]})",
     "/output_padding", {"width", "max(stride, dilation) = 3"}},
    {"output_padding_on_convolution", R"({"operation": "convolution", "input": 5, "kernel": 3, "output_padding": 1})",
     "/output_padding", {"only a transposed_convolution"}},
    {"kernel_larger_than_input", R"({"operation": "convolution", "input": 5, "kernel": 7})", "/kernel",
     {"d(k - 1) + 1", "= 7", "i + p_begin + p_end", "= 5"}},
    {"dilated_kernel_larger", R"({"operation": "max_pooling", "input": [8, 5], "kernel": 3, "dilation": [1, 3]})",
     "/kernel", {"width", "d(k - 1) + 1", "3(3 - 1) + 1 = 7"}},
    {"transposed_padding_crops_all", R"({"operation": "transposed_convolution", "input": 1, "kernel": 1, "padding": 1})",
     "/padding", {"crops the whole output"}},
    {"max_pooling_padding", R"({"operation": "max_pooling", "input": 5, "kernel": 3, "padding": 2})", "/padding",
     {"more than half the pooling window", "allowed: 0 to 1"}},
    {"average_pooling_padding",
     R"({"operation": "average_pooling", "input": 5, "kernel": [3, 4], "padding": {"left": 3}})", "/padding",
     {"more than half the pooling window 4", "allowed: 0 to 2"}},
    {"average_pooling_dilation", R"({"operation": "average_pooling", "input": 5, "kernel": 2, "dilation": 2})",
     "/dilation", {"average_pooling has no dilation"}},
    {"count_include_pad_on_max", R"({"operation": "max_pooling", "input": 5, "kernel": 2, "count_include_pad": true})",
     "/count_include_pad", {"only average_pooling"}},
    {"grid_too_large", R"({"operation": "convolution", "input": [4, 256], "kernel": 3, "padding": [0, 1]})", "/input",
     {"258 cells", "at most 256"}},
    {"transposed_grid_too_large", R"({"operation": "transposed_convolution", "input": 129, "kernel": 3, "stride": 2})",
     "/input", {"261 cells", "at most 256"}},
    {"values_wrong_rows", R"({"operation": "convolution", "input": 3, "kernel": 2,
       "values": {"input": [[1, 2, 3], [4, 5, 6]], "kernel": [[1, 0], [0, 1]]}})",
     "/values/input", {"expected an array of 3 here", "the shape is [1][3][3] (C_in, H, W)"}},
    {"values_wrong_columns", R"({"operation": "convolution", "input": [2, 3], "kernel": 2,
       "values": {"input": [[1, 2, 3], [4, 5]], "kernel": [[1, 0], [0, 1]]}})",
     "/values/input/1", {"expected an array of 3 here", "the shape is [1][2][3]", "got [4, 5]"}},
    {"kernel_values_wrong_shape", R"({"operation": "convolution", "input": 3, "kernel": 2,
       "values": {"input": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], "kernel": [[1, 0, 1], [0, 1, 0]]}})",
     "/values/kernel/0", {"expected an array of 2 here", "the shape is [1][1][2][2] (C_out, C_in / groups, kh, kw)"}},
    {"values_not_numbers", R"({"operation": "max_pooling", "input": 2, "kernel": 2,
       "values": {"input": [[1, "2"], [3, 4]]}})",
     "/values/input/0/1", {"expected a number"}},
    {"kernel_values_for_pooling", R"({"operation": "max_pooling", "input": 2, "kernel": 2,
       "values": {"input": [[1, 2], [3, 4]], "kernel": [[1, 0], [0, 1]]}})",
     "/values/kernel", {"pooling has no kernel weights"}},
    {"negative_seed", R"({"operation": "convolution", "input": 3, "kernel": 2, "values": {"seed": -3}})",
     "/values/seed", {"non-negative integer"}},
};

// Checks the one-line message and the rest of a bad-input run.
void check_bad_input(const test::CliResult& result, const std::string& prefix, std::string_view json_path,
                     const std::vector<std::string>& says) {
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.status == 2);
  CHECK(result.out.empty());
  REQUIRE_FALSE(result.err.empty());
  CHECK(result.err.back() == '\n');
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  REQUIRE_THAT(result.err, Catch::StartsWith(prefix));
  const std::string message = result.err.substr(prefix.size());
  if (!json_path.empty()) {
    CHECK_THAT(message, Catch::StartsWith(std::string(json_path) + ": "));
  } else {
    CHECK(message.front() != '/');
  }
  for (const std::string& part : says) CHECK_THAT(message, Catch::Contains(part));
}

}  // namespace

TEST_CASE("bad configs: exit 2, one line naming the file and the key", "[cli][bad_input]") {
  const test::TempDir dir;
  for (const BadConfig& bad : bad_configs) {
    CAPTURE(bad.name);
    const auto path = dir.write(std::string(bad.name) + ".json", bad.text);
    REQUIRE(path.string().size() > 15);  // see "a short config path" below
    check_bad_input(run_cli({"trace", path.string()}), "convanim: " + path.string() + ": ", bad.json_path, bad.says);
  }
}

TEST_CASE("bad configs: a missing file", "[cli][bad_input]") {
  const test::TempDir dir;
  const auto path = dir.path() / "no_such_config.json";
  check_bad_input(run_cli({"trace", path.string()}), "convanim: " + path.string() + ": ", "",
                  {"cannot open the file"});
}

TEST_CASE("the step limit sits exactly at 256 x 256", "[bad_input]") {
  // max_steps (65,536) is max_grid_cells_per_axis squared, and an axis never has more outputs than
  // grid cells, so the largest grids pass both limits and no config can exceed the step limit alone.
  const nlohmann::json config{{"operation", "convolution"}, {"input", 256}, {"kernel", 1}};
  convanim::Scenario s;
  REQUIRE_NOTHROW(s = convanim::parse_scenario(config, "largest_grid_config.json", "x"));
  CHECK(std::int64_t{output_size(s.operation, s.height())} * output_size(s.operation, s.width()) ==
        convanim::max_steps);
  nlohmann::json transposed{{"operation", "transposed_convolution"}, {"input", 256}, {"kernel", 1}};
  REQUIRE_NOTHROW(s = convanim::parse_scenario(transposed, "largest_grid_config.json", "x"));
  CHECK(std::int64_t{output_size(s.operation, s.height())} * output_size(s.operation, s.width()) ==
        convanim::max_steps);
  transposed["input"] = {256, 257};
  CHECK_THROWS_AS(convanim::parse_scenario(transposed, "largest_grid_config.json", "x"), convanim::ConfigError);
}

// Bug (see test_scenario.cpp, "errors name a short source too"): a config path of 15 characters or
// fewer reaches the user as "convanim: " and nothing else.
TEST_CASE("bad configs: a short config path", "[cli][bad_input]") {
  const test::TempDir dir;
  dir.write("bad.json", R"({"operation": "convolution", "input": 257, "kernel": 3})");
  check_bad_input(run_cli({"trace", "bad.json"}, dir.path()), "convanim: bad.json: ", "/input",
                  {"expected an integer from 1 to 256, got 257"});
}

TEST_CASE("bad command lines exit 2", "[cli][bad_input]") {
  SECTION("usage errors") {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"shape", "--bogus"}, {"--bogus"}, {}, {"trace"}, {"frobnicate"}, {"shape", "-i"}}) {
      std::string joined;
      for (const std::string& arg : args) joined += arg + " ";
      CAPTURE(joined);
      const auto result = run_cli(args);
      CHECK(result.status == 2);
      CHECK_FALSE(result.err.empty());
    }
  }
  SECTION("bad numbers") {
    const std::string prefix = "convanim: command line: ";
    check_bad_input(run_cli({"shape", "-i", "0"}), prefix, "-i", {"expected 1 to 256"});
    check_bad_input(run_cli({"shape", "-i", "five"}), prefix, "-i", {"expected an integer, got \"five\""});
    check_bad_input(run_cli({"shape", "-k", "3x0"}), prefix, "-k", {"expected 1 to 256"});
    check_bad_input(run_cli({"shape", "-p", "1,2,3"}), prefix, "-p", {"TOP,BOTTOM,LEFT,RIGHT"});
    check_bad_input(run_cli({"shape", "-i", "3", "-k", "5"}), prefix, "/kernel", {"d(k - 1) + 1"});
    check_bad_input(run_cli({"shape", "-t", "-s", "2", "--output-padding", "2"}), prefix, "/output_padding",
                    {"max(stride, dilation) = 2"});
    check_bad_input(run_cli({"shape", "--operation", "pooling"}), prefix, "--operation", {"got \"pooling\""});
  }
  SECTION("an empty layer string is a layer, and not one") {
    const std::string prefix = "convanim: command line: ";
    check_bad_input(run_cli({"shape", "--layer", "", "-i", "3x5x5"}), prefix, "--layer", {});
    const test::TempDir dir;
    check_bad_input(run_cli({"render", "--layer", "", "-i", "3x5x5", "-o", (dir.path() / "a.gif").string()}), prefix,
                    "--layer", {});
    CHECK(fs::is_empty(dir.path()));
  }
}

// Flags reach Pango and file names as bytes: text that is not strict UTF-8 (RFC 3629: no surrogate,
// overlong form or code point above U+10FFFF) or that breaks the line is refused like a config's.
TEST_CASE("flags: invalid UTF-8 and line separators in a title are refused", "[cli][bad_input]") {
  const test::TempDir dir;
  const std::string config = dir.write("good.json", R"({"operation": "convolution", "input": 4, "kernel": 3})");
  for (const std::string& title : {std::string("a \xED\xA0\x80 surrogate"), std::string("overlong \xC0\xAF slash"),
                                  std::string("overlong \xE0\x80\xAF"), std::string("beyond \xF4\x90\x80\x80"),
                                  std::string("beyond \xF5\x80\x80\x80"), std::string("cut \xE2\x82"),
                                  std::string("two\xE2\x80\xA8lines"), std::string("two\xE2\x80\xA9paragraphs")}) {
    CAPTURE(title);
    const fs::path out = dir.path() / "out.png";
    check_bad_input(run_cli({"render", config, "--title", title, "-o", out.string(), "--frames", "0"}),
                    "convanim: command line: ", "--title", {"one line of valid UTF-8 text"});
    CHECK_FALSE(fs::exists(dir.path() / "out_0.png"));
  }
  SECTION("well-formed text of every length is drawn") {
    const std::string title = "\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF y\xE2\x82\x81";
    CHECK(run_cli({"render", config, "--title", title, "-o", (dir.path() / "ok.png").string(), "--frames", "0"})
              .status == 0);
  }
}

// Bug: `shape -p TOP,BOTTOM,LEFT,RIGHT` reads each side with parse_pair() and keeps only its first
// number (app/cli/shape_command.cpp, parse_padding: `parse_pair(...)[0]`), so a side written "1x5"
// is taken as 1 and the 5 silently dropped instead of being refused.
TEST_CASE("shape -p: a side is one number", "[cli][bad_input]") {
  check_bad_input(run_cli({"shape", "-p", "1x5,0,0,0"}), "convanim: command line: ", "-p", {"1x5"});
}
