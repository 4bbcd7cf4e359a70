// `convanim batch` end to end: parallel rendering, failures reported while the rest goes on,
// skipping what is up to date, sharding, and the manifest.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "renderer/render.hpp"
#include "tests/cli_run.hpp"
#include "tests/decode.hpp"

namespace fs = std::filesystem;

namespace {

const std::string small_convolution = R"({"operation": "convolution", "input": 4, "kernel": 3})";
const std::string small_pooling =
    R"({"operation": "max_pooling", "input": 4, "kernel": 2, "stride": 2, "values": {"seed": 3}})";

bool is_stamp(const fs::path& file) {
  const std::string name = file.filename().string();
  return name.front() == '.' && file.extension() == ".convanim-stamp";
}

// Files under `dir`, relative, sorted; the stamps a batch leaves beside its outputs are left out.
std::set<std::string> files_under(const fs::path& dir) {
  std::set<std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && !is_stamp(entry.path()))
      files.insert(fs::relative(entry.path(), dir).generic_string());
  return files;
}

// The stamps under `dir`, relative, sorted.
std::set<std::string> stamps_under(const fs::path& dir) {
  std::set<std::string> stamps;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (is_stamp(entry.path())) stamps.insert(fs::relative(entry.path(), dir).generic_string());
  return stamps;
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("batch renders a tree of configs, keeping its structure", "[batch]") {
  test::TempDir dir;
  write_file(dir.path() / "configs/a.json", small_convolution);
  write_file(dir.path() / "configs/sub/b.json", small_pooling);
  write_file(dir.path() / "configs/notes.txt", "not a config");
  const auto out = dir.path() / "out";
  const auto result = test::run_cli({"batch", (dir.path() / "configs").string(), "-o", out.string(), "--format",
                                     "gif,pdf", "-j", "2"});
  CHECK(result.status == 0);
  CHECK(result.out.empty());
  CHECK(files_under(out) == std::set<std::string>{"a.gif", "a.pdf", "sub/b.gif", "sub/b.pdf"});
  CHECK(stamps_under(out) == std::set<std::string>{".a.convanim-stamp", "sub/.b.convanim-stamp"});
  // Not a terminal: one line per config, then the summary.
  const auto lines = lines_of(result.err);
  REQUIRE(lines.size() == 3);
  CHECK(std::regex_search(lines[0], std::regex(R"(^\[1/2\] rendered (a|sub/b) )")));
  CHECK(lines[2].rfind("2 rendered, 0 skipped, 0 failed", 0) == 0);
}

TEST_CASE("batch reports each bad config with its reason and renders the rest", "[batch]") {
  test::TempDir dir;
  const auto configs = dir.path() / "configs";
  write_file(configs / "good.json", small_convolution);
  write_file(configs / "malformed.json", R"({"operation": "convolution", "input": 4,)");
  write_file(configs / "impossible.json", R"({"operation": "convolution", "input": 3, "kernel": 5})");
  write_file(configs / "typo.json", R"({"operation": "convolution", "input": 4, "kernal": 3})");
  const auto out = dir.path() / "out";
  const auto result = test::run_cli({"batch", configs.string(), "-o", out.string()});
  CHECK(result.status == 1);
  CHECK(files_under(out) == std::set<std::string>{"good.gif"});  // nothing partial for the bad ones
  CHECK_THAT(result.err, Catch::Contains("failed impossible: ") && Catch::Contains("/kernel:") &&
                             Catch::Contains("d(k - 1) + 1"));
  CHECK_THAT(result.err, Catch::Contains("failed malformed: ") && Catch::Contains("not valid JSON"));
  CHECK_THAT(result.err, Catch::Contains("failed typo: ") && Catch::Contains("did you mean \"kernel\""));
  CHECK_THAT(result.err, Catch::Contains("1 rendered, 0 skipped, 3 failed"));
}

TEST_CASE("batch reports an unwritable output and leaves nothing behind", "[batch]") {
  test::TempDir dir;
  write_file(dir.path() / "configs/a.json", small_convolution);
  write_file(dir.path() / "configs/sub/b.json", small_convolution);
  write_file(dir.path() / "blocker", "a file where the output directory should go");

  SECTION("an output directory that cannot be made: one line naming it") {
    const auto outdir = dir.path() / "blocker/out";
    const auto result = test::run_cli({"batch", (dir.path() / "configs").string(), "-o", outdir.string()});
    CHECK(result.status == 1);
    CHECK(result.err.find('\n') == result.err.size() - 1);
    CHECK_THAT(result.err, Catch::StartsWith("convanim: " + outdir.string() + ": "));
  }
  SECTION("a subdirectory that cannot be made: that figure fails, the rest goes on") {
    const auto out = dir.path() / "out";
    write_file(out / "sub", "a file where a subdirectory should go");
    const auto result = test::run_cli({"batch", (dir.path() / "configs").string(), "-o", out.string()});
    CHECK(result.status == 1);
    CHECK_THAT(result.err, Catch::Contains("failed sub/b: ") && Catch::Contains("1 rendered, 0 skipped, 1 failed"));
    CHECK(files_under(out) == std::set<std::string>{"a.gif", "sub"});
  }
  CHECK(files_under(dir.path() / "configs") == std::set<std::string>{"a.json", "sub/b.json"});
  CHECK_FALSE(fs::exists(dir.path() / "blocker/out"));
}

TEST_CASE("batch skips figures made from the same config, flags and program, unless forced", "[batch]") {
  test::TempDir dir;
  const auto config = dir.path() / "configs/a.json";
  write_file(config, small_convolution);
  write_file(dir.path() / "configs/b.json", small_pooling);
  const auto out = dir.path() / "out";
  const std::vector<std::string> args{"batch", (dir.path() / "configs").string(), "-o", out.string(), "--format",
                                      "gif,png"};
  REQUIRE(test::run_cli(args).status == 0);
  const auto first_write = fs::last_write_time(out / "a.gif");

  auto again = test::run_cli(args);
  CHECK(again.status == 0);
  CHECK_THAT(again.err, Catch::Contains("0 rendered, 2 skipped, 0 failed"));
  CHECK(fs::last_write_time(out / "a.gif") == first_write);

  // Touching a config changes nothing; editing it renders it again, the other is still up to date.
  fs::last_write_time(config, first_write + std::chrono::seconds(5));
  CHECK_THAT(test::run_cli(args).err, Catch::Contains("0 rendered, 2 skipped, 0 failed"));
  write_file(config, R"({"operation": "convolution", "input": 5, "kernel": 3})");
  again = test::run_cli(args);
  CHECK_THAT(again.err, Catch::Contains("1 rendered, 1 skipped, 0 failed"));
  CHECK(files_under(out).count("a_8.png") == 1);  // 9 steps now

  // A render flag changes the output: both again, then both up to date under that flag.
  auto dark = args;
  dark.insert(dark.end(), {"--theme", "dark"});
  CHECK_THAT(test::run_cli(dark).err, Catch::Contains("2 rendered, 0 skipped, 0 failed"));
  CHECK_THAT(test::run_cli(dark).err, Catch::Contains("0 rendered, 2 skipped, 0 failed"));
  CHECK_THAT(test::run_cli(args).err, Catch::Contains("2 rendered, 0 skipped, 0 failed"));

  // An output removed by hand is made again.
  fs::remove(out / "b.gif");
  CHECK_THAT(test::run_cli(args).err, Catch::Contains("1 rendered, 1 skipped, 0 failed"));

  auto forced_args = args;
  forced_args.push_back("--force");
  CHECK_THAT(test::run_cli(forced_args).err, Catch::Contains("2 rendered, 0 skipped, 0 failed"));
}

TEST_CASE("batch --shard K/N splits the sorted list into disjoint slices that cover it", "[batch]") {
  test::TempDir dir;
  for (int i = 0; i < 7; ++i) write_file(dir.path() / "configs" / ("c" + std::to_string(i) + ".json"), small_convolution);
  std::set<std::string> all;
  std::size_t total = 0;
  for (int k = 1; k <= 3; ++k) {
    const auto out = dir.path() / ("out" + std::to_string(k));
    const auto result = test::run_cli({"batch", (dir.path() / "configs").string(), "-o", out.string(), "--shard",
                                       std::to_string(k) + "/3", "-q"});
    CHECK(result.status == 0);
    CHECK(result.err.empty());  // --quiet
    const auto files = files_under(out);
    // Interleaved slices of the sorted list: shard k holds items k-1, k-1+3, ...
    std::set<std::string> expected;
    for (int i = k - 1; i < 7; i += 3) expected.insert("c" + std::to_string(i) + ".gif");
    CHECK(files == expected);
    total += files.size();
    all.insert(files.begin(), files.end());
  }
  CHECK(total == 7);
  CHECK(all.size() == 7);

  for (const char* bad : {"0/3", "4/3", "1/0", "x", "1/2/3"}) {
    const auto result = test::run_cli({"batch", (dir.path() / "configs").string(), "-o",
                                       (dir.path() / "bad").string(), "--shard", bad});
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::Contains("--shard"));
  }
}

TEST_CASE("batch --manifest records the config hash, the version and the drawn frames' hash", "[batch]") {
  test::TempDir dir;
  const auto config = dir.path() / "configs/a.json";
  write_file(config, small_convolution);
  const auto manifest_path = dir.path() / "out/manifest.json";
  const auto result = test::run_cli({"batch", (dir.path() / "configs").string(), "-o",
                                     (dir.path() / "out").string(), "--manifest", manifest_path.string()});
  REQUIRE(result.status == 0);
  const auto manifest = nlohmann::json::parse(std::ifstream(manifest_path));
  const auto& entry = manifest.at("figures").at("a");
  CHECK(manifest.at("version") == "0.1.0");
  const auto figure = convanim::prepare_figure(convanim::load_scenario(config));
  CHECK(entry.at("frames_hash") == convanim::frames_hash(figure));
  CHECK(entry.at("frames") == 4);
  // FNV-1a 64 of the config's bytes, computed here.
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : small_convolution) hash = (hash ^ c) * 0x100000001b3ull;
  char expected[17];
  std::snprintf(expected, sizeof expected, "%016llx", static_cast<unsigned long long>(hash));
  CHECK(entry.at("config_hash") == std::string(expected));
}

TEST_CASE("batch writes the same bytes as a render of each config on its own", "[batch]") {
  // Rendering one figure after another in the same worker must not change what is written.
  test::TempDir dir;
  write_file(dir.path() / "configs/a.json", R"({"operation": "convolution", "input": 5, "kernel": 3, "padding": 1})");
  write_file(dir.path() / "configs/b.json", small_pooling);
  const auto out = dir.path() / "out";
  REQUIRE(test::run_cli({"batch", (dir.path() / "configs").string(), "-o", out.string(), "--format", "gif,mp4,pdf",
                         "-j", "1", "-q"})
              .status == 0);
  for (const char* name : {"a", "b"}) {
    const auto alone = dir.path() / name;
    REQUIRE(test::run_cli({"render", (dir.path() / "configs" / (std::string(name) + ".json")).string(), "-o",
                           alone.string() + ".gif", "-o", alone.string() + ".mp4", "-o", alone.string() + ".pdf"})
                .status == 0);
    for (const char* extension : {".gif", ".mp4", ".pdf"}) {
      INFO(name << extension);
      CHECK(test::read_bytes(out / (std::string(name) + extension)) == test::read_bytes(alone.string() + extension));
    }
  }
}
