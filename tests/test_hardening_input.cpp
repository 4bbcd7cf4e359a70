// Hostile input (issue 7), one TEST_CASE per class, through the real `convanim` binary: every bad
// config or flag gives exit 2, nothing on stdout, one line on stderr
//   convanim: FILE: /json/path: what is wrong
// with every control character escaped, and nothing written; a batch reports it and goes on.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "fifo_probe.hpp"
#include "renderer/views/limits.hpp"

namespace fs = std::filesystem;
using test::CliResult;
using test::run_cli;
using test::TempDir;

namespace {

const std::string good_config = R"({"operation": "convolution", "input": 4, "kernel": 3})";

// A config with `body` added to a valid one, e.g. R"("values": {...})".
std::string config_with(const std::string& body) {
  return R"({"operation": "convolution", "input": 3, "kernel": 2, )" + body + "}";
}

std::string repeat(std::string_view part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

// True when `text` holds no raw control character: C0 (other than '\n', whose count is checked
// apart), DEL, or a C1 control encoded in UTF-8 (0xC2 0x80..0x9F).
bool no_raw_controls(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0 &&
        static_cast<unsigned char>(text[i + 1]) >= 0x80)
      return false;
  }
  return true;
}

// Every entry under `dir`, relative, symlinks not followed.
std::set<std::string> tree(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) names.insert(entry.path().lexically_relative(dir).string());
  return names;
}

// The promised form of an error: `status`, nothing on stdout, one line on stderr that starts with
// `prefix` and holds no raw control character. Returns the line after the prefix, without '\n'.
std::string check_error_line(const CliResult& result, int status, const std::string& prefix) {
  INFO("status " << result.status << "\nstdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.status == status);
  CHECK(result.out.empty());
  CHECK(no_raw_controls(result.err));
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK_THAT(result.err, Catch::StartsWith(prefix) && Catch::EndsWith("\n"));
  // Checks, not requirements: one bad row must not hide the rest of a table.
  if (result.err.size() <= prefix.size() || result.err.rfind(prefix, 0) != 0) return "?";
  return result.err.substr(prefix.size(), result.err.size() - prefix.size() - 1);
}

// Exit 2 naming `file` and then `json_path` ("" when the message is about the whole file, "*" for a
// JSON path not spelled out here).
void check_bad_config(const CliResult& result, const fs::path& file, const std::string& json_path,
                      const std::vector<std::string>& says) {
  const std::string message = check_error_line(result, 2, "convanim: " + file.string() + ": ");
  INFO("message: " << message);
  if (json_path.empty()) CHECK(message.front() != '/');
  else if (json_path == "*") CHECK(message.front() == '/');
  else CHECK_THAT(message, Catch::StartsWith(json_path + ": "));
  for (const std::string& part : says) CHECK_THAT(message, Catch::Contains(part));
}

// `trace` and `render` both refuse `file` the same way, and nothing is written.
void check_refused(const TempDir& dir, const fs::path& file, const std::string& json_path,
                   const std::vector<std::string>& says) {
  const auto before = tree(dir.path());
  {
    INFO("trace");
    check_bad_config(run_cli({"trace", file.string()}), file, json_path, says);
  }
  {
    INFO("render");
    check_bad_config(run_cli({"render", file.string(), "-o", (dir.path() / "out.gif").string()}), file, json_path,
                     says);
  }
  CHECK(tree(dir.path()) == before);
}

struct BadConfig {
  std::string name, text, json_path;
  std::vector<std::string> says;
};

void check_table(const std::vector<BadConfig>& table) {
  const TempDir dir;
  for (const BadConfig& bad : table) {
    CAPTURE(bad.name);
    check_refused(dir, dir.write(bad.name + ".json", bad.text), bad.json_path, bad.says);
  }
}

// The lines a batch printed on stderr, each checked to hold no raw control character.
std::vector<std::string> batch_lines(const CliResult& result) {
  INFO("stderr: " << result.err);
  CHECK(result.out.empty());
  CHECK(no_raw_controls(result.err));
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = result.err.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(result.err.substr(start, end - start));
  CHECK(start == result.err.size());  // every line ends in '\n'
  return lines;
}

// The lines starting "failed NAME: " for one name.
std::size_t failure_lines(const std::vector<std::string>& lines, const std::string& name) {
  return std::size_t(std::count_if(lines.begin(), lines.end(),
                                   [&](const std::string& line) { return line.rfind("failed " + name + ": ", 0) == 0; }));
}

}  // namespace

TEST_CASE("hardening: configs nested 100,000 deep are refused at 32 levels by trace, render and batch",
          "[hardening]") {
  constexpr int deep = 100'000;
  const std::string head = R"({"operation": "convolution", "input": 4, "kernel": 3, "name": )";
  const std::vector<BadConfig> table{
      // The root is level 1; the first container below level 32 is named by its JSON path.
      {"name_arrays", head + repeat("[", deep) + repeat("]", deep) + "}", "/name" + repeat("/0", 31),
       {"nested deeper than 32"}},
      {"name_objects", head + repeat(R"({"a": )", deep) + "1" + repeat("}", deep) + "}", "/name" + repeat("/a", 31),
       {"nested deeper than 32"}},
      {"top_arrays", repeat("[", deep) + repeat("]", deep), repeat("/0", 32), {"nested deeper than 32"}},
      {"top_objects", repeat(R"({"a": )", deep) + "1" + repeat("}", deep), repeat("/a", 32),
       {"nested deeper than 32"}},
      // Exactly 32 levels parse: the error is then about the value, not the nesting.
      {"name_32_levels", head + repeat("[", 31) + repeat("]", 31) + "}", "/name", {"expected a string"}},
  };
  check_table(table);

  SECTION("batch reports each and renders a good sibling") {
    const TempDir dir;
    fs::create_directory(dir.path() / "configs");
    for (const BadConfig& bad : table) dir.write("configs/" + bad.name + ".json", bad.text);
    dir.write("configs/good.json", good_config);
    const CliResult result = run_cli({"batch", (dir.path() / "configs").string(), "-o", (dir.path() / "out").string()});
    CHECK(result.status == 1);
    const auto lines = batch_lines(result);
    for (const BadConfig& bad : table) {
      CAPTURE(bad.name);
      CHECK(failure_lines(lines, bad.name) == 1);
    }
    CHECK_THAT(result.err, Catch::Contains("nested deeper than 32"));
    CHECK_THAT(result.err, Catch::Contains("1 rendered, 0 skipped, 5 failed"));
    CHECK(test::decode_video(dir.path() / "out/good.gif").frames.size() == 4);
  }
}

TEST_CASE("hardening: trace --indent is bounded", "[hardening]") {
  const TempDir dir;
  const fs::path config = dir.write("good.json", good_config);
  for (const char* indent : {"30000", "20000", "17", "-2"}) {
    CAPTURE(indent);
    const std::string message =
        check_error_line(run_cli({"trace", "--indent", indent, config.string()}), 2, "convanim: command line: ");
    CHECK_THAT(message, Catch::Contains("--indent"));
  }
  const CliResult wide = run_cli({"trace", "--indent", "16", config.string()});
  REQUIRE(wide.status == 0);
  CHECK(nlohmann::json::parse(wide.out).is_object());
  CHECK(wide.out.find("\n" + std::string(16, ' ') + "\"") != std::string::npos);
}

TEST_CASE("hardening: numbers no double holds, and values whose products could overflow", "[hardening]") {
  const std::string values_3x3 = R"([[1, 2, 3], [4, 5, 6], [7, 8, 9]])";
  check_table({
      {"input_1e400", R"({"operation": "convolution", "input": 1e400, "kernel": 3})", "/input", {"number"}},
      {"kernel_minus_1e400", R"({"operation": "convolution", "input": 4, "kernel": -1e400})", "/kernel", {"number"}},
      {"input_400_digits", R"({"operation": "convolution", "input": 1)" + std::string(400, '0') + R"(, "kernel": 3})",
       "/input", {"number"}},
      {"value_1e400", config_with(R"("values": {"input": [[1e400, 2, 3], [4, 5, 6], [7, 8, 9]], "kernel": [[1, 0], [0, 1]]})"),
       "/values/input/0/0", {"number"}},
      {"kernel_value_1e400", config_with(R"("values": {"input": )" + values_3x3 + R"(, "kernel": [[1, 0], [-1e400, 1]]})"),
       "/values/kernel/1/0", {"number"}},
      {"cell_size_1e400", config_with(R"("render": {"cell_size": 1e400})"), "/render/cell_size", {"number"}},
      {"name_1e400", config_with(R"("name": [1e400])"), "/name/0", {"number"}},
      {"value_1e300", config_with(R"("values": {"input": [[1e300, 2, 3], [4, 5, 6], [7, 8, 9]], "kernel": [[1, 0], [0, 1]]})"),
       "/values/input/0/0", {"expected a number"}},
      {"kernel_value_1e300", config_with(R"("values": {"input": )" + values_3x3 + R"(, "kernel": [[1e300, 0], [0, 1e300]]})"),
       "/values/kernel/0/0", {"expected a number"}},
      {"range_1e300", config_with(R"("values": {"seed": 1, "input_range": [-1e300, 1e300]})"), "/values/input_range/0", {}},
  });

  SECTION("the largest values allowed trace to finite numbers") {
    const TempDir dir;
    const nlohmann::json config{{"operation", "convolution"}, {"input", 3}, {"kernel", 2},
                                {"values", {{"input", {{1e6, -1e6, 1e6}, {1e6, 1e6, 1e6}, {-1e6, 1e6, 1e6}}},
                                            {"kernel", {{1e6, 1e6}, {1e6, -1e6}}}}}};
    const CliResult result = run_cli({"trace", dir.write("extreme.json", config.dump()).string()});
    REQUIRE(result.status == 0);
    CHECK(result.out.find("null") == std::string::npos);
    CHECK(result.out.find("inf") == std::string::npos);
  }
}

TEST_CASE("hardening: config paths that are not regular files, or too large, are refused promptly", "[hardening]") {
  const TempDir dir;
  // Exactly 4 MiB of valid JSON is read; one byte more is not, and neither is a sparse 1 GiB file.
  std::string at_limit = good_config;
  at_limit.resize(std::size_t(4) << 20, ' ');
  const fs::path limit_file = dir.write("at_limit.json", at_limit);
  CHECK(run_cli({"trace", limit_file.string()}).status == 0);
  const fs::path over = dir.write("over_limit.json", at_limit + " ");
  const fs::path sparse = dir.write("sparse.json", good_config);
  fs::resize_file(sparse, std::uintmax_t(1) << 30);
  fs::create_directory(dir.path() / "directory.json");

  struct Case {
    fs::path path;
    std::vector<std::string> says;
  };
  std::vector<Case> cases{{over, {"MiB"}}, {sparse, {"MiB"}}, {dir.path() / "directory.json", {"regular"}}};
  for (const char* device : {"/dev/zero", "/dev/urandom", "/dev/null"})
    if (fs::exists(device)) cases.push_back({device, {"regular"}});
  const fs::path fifo = dir.path() / "fifo.json";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  cases.push_back({fifo, {"regular"}});

  // Refused by what the file is, before a byte is read: the FIFO keeps its marker, and the devices
  // could not have been read to their end (a read of /dev/zero never ends: ctest's timeout).
  const test::FifoProbe probe(fifo);
  for (const Case& c : cases) {
    CAPTURE(c.path.string());
    check_refused(dir, c.path, "", c.says);
  }
  CHECK(probe.untouched());
}

TEST_CASE("hardening: symlink loops, dangling symlinks and special files among the configs of a batch", "[hardening]") {
  const TempDir dir;
  const fs::path configs = dir.path() / "configs";
  fs::create_directory(configs);
  dir.write("configs/good.json", good_config);
  fs::create_symlink("loop_b.json", configs / "loop_a.json");
  fs::create_symlink("loop_a.json", configs / "loop_b.json");
  fs::create_symlink("nowhere.json", configs / "dangling.json");
  fs::create_symlink("/dev/zero", configs / "zero.json");
  REQUIRE(mkfifo((configs / "fifo.json").c_str(), 0600) == 0);
  const test::FifoProbe probe(configs / "fifo.json");

  for (const char* name : {"loop_a", "dangling", "zero", "fifo"}) {
    CAPTURE(name);
    const fs::path path = configs / (std::string(name) + ".json");
    check_bad_config(run_cli({"trace", path.string()}), path, "", {});
  }

  const CliResult result = run_cli({"batch", configs.string(), "-o", (dir.path() / "out").string()});
  CHECK(result.status == 1);
  const auto lines = batch_lines(result);
  for (const char* name : {"loop_a", "loop_b", "dangling", "zero", "fifo"}) {
    CAPTURE(name);
    CHECK(failure_lines(lines, name) == 1);
  }
  CHECK_THAT(result.err, Catch::Contains("1 rendered, 0 skipped, 5 failed"));
  CHECK(test::decode_video(dir.path() / "out/good.gif").frames.size() == 4);
  CHECK(probe.untouched());
}

TEST_CASE("hardening: control characters in keys, values and file names are escaped on one line", "[hardening]") {
  const std::string head = R"({"operation": "convolution", "input": 4, "kernel": 3, )";
  check_table({
      {"key_newline", head + R"("a\nb": 1})", R"(/a\nb)", {R"("a\nb")"}},
      {"key_return", head + R"("a\rb": 1})", R"(/a\rb)", {R"("a\rb")"}},
      {"key_tab", head + R"("a\tb": 1})", R"(/a\tb)", {R"("a\tb")"}},
      {"key_escape", head + R"("red\u001b[31mkey": 1})", "*", {"red", "[31mkey", "unknown key"}},
      {"key_c1", head + "\"a\xC2\x9B" "b\": 1}", "*", {"unknown key"}},
      {"key_delete", head + "\"a\x7F" "b\": 1}", "*", {"unknown key"}},
      {"key_nul_escape", head + R"("a\u0000b": 1})", "*", {"unknown key"}},
      {"nested_key_newline", head + R"("padding": {"le\nft": 1}})", R"(/padding/le\nft)", {"unknown key"}},
      {"value_escape", R"({"operation": "conv\u001b[2J", "input": 4, "kernel": 3})", "/operation", {"[2J"}},
      // Raw control characters are not valid JSON at all; the message still quotes none of them.
      {"raw_newline_in_key", head + "\"a\nb\": 1}", "", {"not valid JSON"}},
      {"raw_escape_in_key", head + "\"a\x1B[31mb\": 1}", "", {"not valid JSON"}},
  });

  SECTION("a file name with control characters, through trace and batch") {
    const TempDir dir;
    const std::string name = "bad\nname\x1B[31m\r";
    dir.write(name + ".json", head + R"("kernal": 1})");
    dir.write("good.json", good_config);
    const std::string message = check_error_line(run_cli({"trace", (dir.path() / (name + ".json")).string()}), 2,
                                                 "convanim: " + dir.path().string() + "/bad\\nname");
    CHECK_THAT(message, Catch::Contains("/kernal: "));
    const CliResult result = run_cli({"batch", dir.path().string(), "-o", (dir.path() / "out").string()});
    CHECK(result.status == 1);
    const auto lines = batch_lines(result);
    REQUIRE(lines.size() == 3);  // the failure, the good one, the summary
    CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& line) {
            return line.rfind("failed bad\\nname", 0) == 0 && line.find("/kernal: ") != std::string::npos;
          }) == 1);
  }
}

TEST_CASE("hardening: a message quotes at most a short excerpt of what the config holds", "[hardening]") {
  const TempDir dir;
  const std::string huge(100'000, 'x');
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"long_value", R"({"operation": ")" + huge + R"(", "input": 4, "kernel": 3})"},
           {"long_array", R"({"operation": "convolution", "kernel": 3, "input": [)" + repeat("1, ", 100'000) + "1]}"},
           {"long_key", R"({"operation": "convolution", "input": 4, "kernel": 3, ")" + huge + R"(": 1})"},
           {"long_duplicate_key", R"({")" + huge + R"(": 1, ")" + huge + R"(": 2})"}}) {
    CAPTURE(name);
    const fs::path file = dir.write(name + ".json", text);
    const CliResult result = run_cli({"trace", file.string()});
    CHECK(result.status == 2);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.size() < 1000);
  }
}

TEST_CASE("hardening: text after a NUL byte, and duplicate keys at any level, are refused", "[hardening]") {
  check_table({
      {"nul_then_text", good_config + std::string(1, '\0') + R"({"input": 200})", "", {"NUL"}},
      {"nul_inside", R"({"operation": "convolution", "input": 4,)" + std::string(1, '\0') + R"( "kernel": 3})", "",
       {"NUL"}},
      {"duplicate_top", R"({"operation": "convolution", "input": 4, "kernel": 3, "input": 5})", "/input",
       {"duplicate", "\"input\""}},
      {"duplicate_same_value", R"({"operation": "convolution", "input": 4, "kernel": 3, "kernel": 3})", "/kernel",
       {"duplicate"}},
      {"duplicate_in_values", config_with(R"("values": {"seed": 1, "seed": 2})"), "/values/seed", {"duplicate"}},
      {"duplicate_in_values_input",
       config_with(R"("values": {"input": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], "kernel": [[1, 0], [0, 1]], "input": [[0, 0, 0], [0, 0, 0], [0, 0, 0]]})"),
       "/values/input", {"duplicate"}},
      {"duplicate_in_render", config_with(R"("render": {"theme": "dark", "theme": "solarized"})"), "/render/theme",
       {"duplicate"}},
      {"duplicate_in_padding", config_with(R"("padding": {"left": 1, "top": 1, "left": 0})"), "/padding/left",
       {"duplicate"}},
  });
}

TEST_CASE("hardening: trace refuses a render object exactly as render does", "[hardening]") {
  const TempDir dir;
  for (const auto& [name, render, json_path] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"unknown_key", R"({"colour": "red"})", "/render/colour"},
           {"bad_theme", R"({"theme": "neon"})", "/render/theme"},
           {"bad_view", R"({"view": "3d"})", "/render/view"},
           {"cell_size_too_large", R"({"cell_size": 100000})", "/render/cell_size"},
           {"not_an_object", R"([1, 2])", "/render"}}) {
    CAPTURE(name);
    const fs::path file = dir.write(name + ".json", config_with(R"("render": )" + render));
    const CliResult traced = run_cli({"trace", file.string()});
    const CliResult rendered = run_cli({"render", file.string(), "-o", (dir.path() / "out.gif").string()});
    check_bad_config(traced, file, json_path, {});
    check_bad_config(rendered, file, json_path, {});
    CHECK(traced.err == rendered.err);
  }
  CHECK(tree(dir.path()).count("out.gif") == 0);
}

TEST_CASE("hardening: usage errors are one line, prefixed convanim: command line:", "[hardening]") {
  const TempDir dir;
  const std::string config = dir.write("good.json", good_config).string();
  fs::create_directory(dir.path() / "configs");
  dir.write("configs/good.json", good_config);
  const std::string configs = (dir.path() / "configs").string(), gif = (dir.path() / "a.gif").string();
  const std::string out = (dir.path() / "out").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> table{
      {{"render", config, "-o", gif, "--cell-size", "1.5"}, "--cell-size"},
      {{"render", config, "-o", gif, "--cell-size", "7"}, "--cell-size"},
      {{"render", config, "-o", gif, "--frame-duration", "lots"}, "--frame-duration"},
      {{"batch", configs, "-o", out, "-j", "0"}, "-j"},
      {{"batch", configs, "-o", out, "--format", "xyz"}, "--format"},
      {{"render", config, "-o", gif, "--no-such-flag"}, "--no-such-flag"},
      {{"batch", configs, "-o", out, "--bogus"}, "--bogus"},
      {{"render", config}, "--output"},
      {{"render", "-o", gif}, "config"},
      {{"batch", configs}, "--outdir"},
      {{"trace"}, "config"},
      {{"render", config, "-o", gif, "--frames", ""}, "--frames"},
      {{"render", config, "-o", gif, "--frames", "1-"}, "--frames"},
      {{"render", config, "-o", gif, "--frames", "3-1"}, "--frames"},
      {{"render", config, "-o", gif, "--frames", "0-4"}, "--frames"},  // 4 steps: 0 to 3
  };
  for (const auto& [args, names] : table) {
    std::string joined;
    for (const std::string& arg : args) joined += "'" + arg + "' ";
    CAPTURE(joined);
    const std::string message = check_error_line(run_cli(args), 2, "convanim: command line: ");
    CHECK_THAT(message, Catch::Contains(names));  // "-j" is also in "--jobs"
  }
  CHECK(tree(dir.path()) == std::set<std::string>{"good.json", "configs", "configs/good.json"});
}

TEST_CASE("hardening: limits refuse a costly config before any work, saying what to lower", "[hardening]") {
  const TempDir dir;
  SECTION("kernel taps: a 52-byte config") {
    const std::string text = R"({"operation":"convolution","input":256,"kernel":128})";
    REQUIRE(text.size() == 52);
    const fs::path file = dir.write("taps.json", text);
    check_bad_config(run_cli({"trace", file.string()}), file, "/kernel", {"taps", "lower"});
  }
  SECTION("frame size: at most 8192 px a side; the cell size suggested works") {
    // The flat view keeps the one frame rendered below at the suggested size well under a second.
    const fs::path file = dir.write(
        "big_frames.json",
        R"({"operation": "convolution", "input": [256, 200], "kernel": 3, "render": {"cell_size": 200, "view": "flat"}})");
    const fs::path out = dir.path() / "big.gif";
    const std::regex suggestion(R"(frames would be \d+x\d+ px.*lower render\.cell_size to (\d+))");
    std::smatch match;
    const CliResult refused = run_cli({"render", file.string(), "-o", out.string()});
    check_bad_config(refused, file, "/render/cell_size", {std::to_string(convanim::max_frame_side) + " px a side"});
    REQUIRE(std::regex_search(refused.err, match, suggestion));
    const int cell_size = std::stoi(match[1].str());
    CHECK(cell_size >= 8);
    CHECK(cell_size < 200);

    const std::string flag_message =
        check_error_line(run_cli({"render", file.string(), "-o", out.string(), "--cell-size", "200"}), 2,
                         "convanim: command line: --cell-size: ");
    CHECK(std::regex_search(flag_message, std::regex(R"(\d+x\d+ px.*lower --cell-size to \d+)")));
    CHECK(tree(dir.path()) == std::set<std::string>{"big_frames.json"});

    // The number suggested is the largest that fits.
    CHECK(run_cli({"render", file.string(), "-o", out.string(), "--frames", "0", "--cell-size",
                   std::to_string(cell_size + 1)})
              .status == 2);
    const CliResult fits = run_cli({"render", file.string(), "-o", out.string(), "--frames", "0", "--cell-size",
                                    std::to_string(cell_size)});
    INFO(fits.err);
    REQUIRE(fits.status == 0);
    const test::GifStructure gif = test::read_gif_structure(out);
    CHECK(gif.image_count == 1);
    CHECK(gif.width <= convanim::max_frame_side);
    CHECK(gif.height <= convanim::max_frame_side);
    CHECK(std::int64_t(gif.width) * gif.height <= convanim::max_frame_pixels);
  }
  SECTION("frames x pixels: refused naming --frames; a few frames of it render") {
    const fs::path file = dir.write(
        "many_frames.json",
        R"({"operation": "convolution", "input": 128, "kernel": 3, "render": {"cell_size": 8, "view": "flat"}})");
    const fs::path out = dir.path() / "many.gif";
    check_bad_config(run_cli({"render", file.string(), "-o", out.string(), "-o", (dir.path() / "many.pdf").string()}),
                     file, "*", {"--frames", "px"});
    CHECK(tree(dir.path()) == std::set<std::string>{"many_frames.json"});
    const CliResult part = run_cli({"render", file.string(), "-o", out.string(), "--frames", "0-2"});
    INFO(part.err);
    REQUIRE(part.status == 0);
    CHECK(test::read_gif_structure(out).image_count == 3);
  }
}
