// Outputs are written under a hidden temporary name and renamed into place only when complete: a
// failed, abandoned or refused render leaves no partial file under the target name and no temporary
// file, and an existing file it may not replace stays as it was.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "src/config/scenario.hpp"
#include "renderer/outputs/step_path.hpp"
#include "src/descriptor.hpp"

using namespace convanim;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const json small{{"name", "small"}, {"operation", "convolution"}, {"input", 4}, {"kernel", 3}, {"padding", 1},
                 {"render", {{"cell_size", 10}}}};  // 4 x 4 = 16 steps

Figure small_figure() { return prepare_figure(parse_config(small, "small.json", "small")); }

// Every output's: each keeps the guarantees.
const std::vector<std::string> extensions = [] {
  std::vector<std::string> all;
  for (const OutputType* type : output_types()) all.emplace_back(type->extension);
  return all;
}();

// Every file name under `dir`, recursively, relative to it.
std::set<std::string> all_files(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(entry.path(), dir).string());
  return names;
}

// Files named like the renderer's temporary files: hidden, ending in ".tmp".
std::vector<std::string> temporary_files(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.front() == '.' && name.substr(name.size() - 4) == ".tmp") found.push_back(name);
  }
  return found;
}

// An output of `path`'s type, made as render_files makes it.
std::unique_ptr<Output> output_for(const fs::path& path, const Figure& figure, OutputSession& session) {
  return make_output(OutputTarget::at(path), playback(figure).options, session);
}

// A scene of one shape: something to write.
Scene something(const Figure& figure) {
  Path fill = quad_path({Point{0, 0}, Point{20, 0}, Point{20, 20}, Point{0, 20}});
  fill.fill = Colour::rgb(51, 128, 204);
  return {figure.size().width, figure.size().height, Colour::rgb(255, 255, 255),
          {Layer::make(Layer::Kind::moving, {fill})}};
}

}  // namespace

TEST_CASE("Atomic writes: rendering into a missing directory throws and creates nothing", "[renderer][atomic]") {
  const test::TempDir dir;
  const Figure figure = small_figure();
  for (const std::string& extension : extensions) {
    INFO(extension);
    const fs::path target = dir.path() / "missing" / ("out" + extension);
    CHECK_THROWS_AS(render_file(figure, target), std::runtime_error);
    CHECK_FALSE(fs::exists(dir.path() / "missing"));
    CHECK(all_files(dir.path()).empty());
  }
}

TEST_CASE("Atomic writes: a read-only target is left as it was", "[renderer][atomic]") {
  const test::TempDir dir;
  const Figure figure = small_figure();
  const std::size_t steps = figure.trace.steps.size();
  for (const std::string& extension : extensions) {
    SECTION(extension) {
      const fs::path path = dir.path() / ("out" + extension);
      // For the per-step formats the read-only file is one step's, part-way through the animation.
      const bool per_step = find_output_type(path)->traits.file_per_step;
      const fs::path target = per_step ? per_step_path(path, 5, steps, extension) : path;
      const std::string previous = "previous content, not to be touched\n";
      dir.write(target.filename().string(), previous);
      fs::permissions(target, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);

      try {
        render_file(figure, path);
        FAIL("render_file did not throw");
      } catch (const std::runtime_error& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find(target.string()) != std::string::npos);
      }
      CHECK(test::read_bytes(target) == previous);
      struct stat status {};
      REQUIRE(stat(target.c_str(), &status) == 0);
      CHECK((status.st_mode & 0777) == 0444);
      CHECK(temporary_files(dir.path()).empty());
      // Nothing else either: the steps before the refused one were not put in place.
      CHECK(all_files(dir.path()) == std::set<std::string>{target.filename().string()});
      fs::permissions(target, fs::perms::owner_write, fs::perm_options::add);  // so TempDir can clean up
    }
  }
}

TEST_CASE("Atomic writes: an existing writable target is replaced by the complete new file", "[renderer][atomic]") {
  const test::TempDir dir;
  const Figure figure = small_figure();
  const fs::path target = dir.write("out.gif", "an old file");
  render_file(figure, target);
  CHECK(test::decode_video(target).frames.size() == figure.trace.steps.size());
  CHECK(temporary_files(dir.path()).empty());
  CHECK(all_files(dir.path()) == std::set<std::string>{"out.gif"});
}

TEST_CASE("Atomic writes: an unknown extension is refused before anything is written", "[renderer][atomic]") {
  const test::TempDir dir;
  const Figure figure = small_figure();
  for (const char* name : {"out.bmp", "out.jpeg", "out", "out.gif.bak", "out.webm"}) {
    INFO(name);
    const fs::path path = dir.path() / name;
    CHECK(find_output_type(path) == nullptr);
    try {
      OutputSession session;
      output_for(path, figure, session);
      FAIL("make_output did not throw");
    } catch (const OutputError& e) {
      const std::string message = e.what();
      CHECK(message.rfind(path.string() + ": unknown output extension", 0) == 0);
      CHECK(message.find(".gif, .mp4, .png, .pdf, .cairo.svg, .svg, .json") != std::string::npos);
    }
    CHECK_THROWS_AS(render_file(figure, path), OutputError);
  }
  CHECK(all_files(dir.path()).empty());
  for (const std::string& extension : extensions) CHECK(find_output_type("x" + extension) != nullptr);
}

TEST_CASE("Atomic writes: a successful render leaves only its outputs", "[renderer][atomic]") {
  const test::TempDir dir;
  const Figure figure = small_figure();
  const std::size_t steps = figure.trace.steps.size();
  std::set<std::string> expected;
  for (const std::string& extension : extensions) {
    const fs::path path = dir.path() / ("out" + extension);
    render_file(figure, path);
    if (find_output_type(path)->traits.file_per_step)
      for (std::size_t i = 0; i < steps; ++i)
        expected.insert(per_step_path(path, i, steps, find_output_type(path)->extension).filename().string());
    else
      expected.insert(path.filename().string());
  }
  CHECK(temporary_files(dir.path()).empty());
  CHECK(all_files(dir.path()) == expected);
}

TEST_CASE("Atomic writes: an output dropped without finish() leaves nothing behind", "[renderer][atomic]") {
  const test::TempDir dir;
  const Figure figure = small_figure();
  const std::size_t steps = figure.trace.steps.size();
  for (const std::string& extension : extensions) {
    SECTION(extension) {
      const fs::path path = dir.path() / ("out" + extension);
      {
        OutputSession session;
        const std::unique_ptr<Output> output = output_for(path, figure, session);
        const Scene scene = something(figure);
        if (find_output_type(path)->traits.wants_preview) {
          output->preview(scene, FrameInfo{0, 0});
          output->end_preview();
        }
        for (std::size_t step = 0; step < 2; ++step) output->frame(scene, FrameInfo{step, step});
        // Part-way: the output exists only under a hidden temporary name beside the target.
        const std::vector<std::string> pending = temporary_files(dir.path());
        CHECK_FALSE(pending.empty());
        for (const std::string& name : pending) CHECK(name.rfind(".out", 0) == 0);
        CHECK_FALSE(fs::exists(path));
        CHECK_FALSE(fs::exists(per_step_path(path, 0, steps, find_output_type(path)->extension)));
      }  // dropped: the render failed
      CHECK(all_files(dir.path()).empty());
    }
  }
}

TEST_CASE("Atomic writes: a GIF dropped during its palette preview leaves nothing behind", "[renderer][atomic]") {
  const test::TempDir dir;
  const Figure figure = small_figure();
  {
    OutputSession session;
    const std::unique_ptr<Output> output = output_for(dir.path() / "early.gif", figure, session);
    REQUIRE(find_output_type("early.gif")->traits.wants_preview);
    output->preview(something(figure), FrameInfo{0, 0});
  }
  CHECK(all_files(dir.path()).empty());
}

TEST_CASE("Atomic writes: the CLI reports a missing output directory in one line and exits 1", "[renderer][atomic]") {
  const test::TempDir dir;
  const fs::path config = dir.write("small.json", small.dump());
  const fs::path missing = dir.path() / "nonexistent_dir";
  for (const fs::path& target : {fs::path("/nonexistent_dir/x.gif"), missing / "x.gif", missing / "x.png"}) {
    INFO(target.string());
    const test::CliResult result = test::run_cli({"render", config.string(), "-o", target.string()});
    INFO("stderr: " << result.err);
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    REQUIRE_FALSE(result.err.empty());
    CHECK(result.err.back() == '\n');
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.rfind("convanim: ", 0) == 0);
    CHECK(result.err.find(target.parent_path().string()) != std::string::npos);
    CHECK_FALSE(fs::exists(target.parent_path()));
  }
  CHECK(all_files(dir.path()) == std::set<std::string>{"small.json"});
}

TEST_CASE("Atomic writes: the CLI refuses an unknown extension in one line, exits 1 and writes nothing",
          "[renderer][atomic]") {
  const test::TempDir dir;
  const fs::path config = dir.write("small.json", small.dump());
  // The good output is not written either: the bad one is found before anything is drawn.
  const test::CliResult result = test::run_cli(
      {"render", config.string(), "-o", (dir.path() / "a.gif").string(), "-o", (dir.path() / "b.webm").string()});
  CHECK(result.status == 1);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK(result.err.find("b.webm: unknown output extension \".webm\"; allowed: .gif, .mp4, .png, .pdf, .cairo.svg, .svg, .json") !=
        std::string::npos);
  CHECK(all_files(dir.path()) == std::set<std::string>{"small.json"});
}

TEST_CASE("Atomic writes: the CLI refuses a read-only target in one line and exits 1", "[renderer][atomic]") {
  const test::TempDir dir;
  const fs::path config = dir.write("small.json", small.dump());
  const fs::path target = dir.write("x.pdf", "keep me");
  fs::permissions(target, fs::perms::owner_read);
  const test::CliResult result = test::run_cli({"render", config.string(), "-o", target.string()});
  INFO("stderr: " << result.err);
  CHECK(result.status == 1);
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK(result.err.find("read-only") != std::string::npos);
  CHECK(test::read_bytes(target) == "keep me");
  CHECK(temporary_files(dir.path()).empty());
  fs::permissions(target, fs::perms::owner_write, fs::perm_options::add);
}

// ---- Resources: a PendingFile whose set-up fails, and the one owner of a descriptor ----

namespace {
std::atomic<bool> fail_fchmod{false};

std::size_t open_descriptors() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++count;
  return count;
}
}  // namespace

// This binary's fchmod, which the renderer's calls resolve to: it fails on demand, so that the
// constructor of a PendingFile fails after its temporary file exists.
extern "C" int fchmod(int fd, mode_t mode) {
  if (fail_fchmod) {
    errno = EIO;
    return -1;
  }
  return static_cast<int>(syscall(SYS_fchmod, fd, mode));
}

TEST_CASE("Atomic writes: a PendingFile that fails while being set up leaves no descriptor and no file",
          "[renderer][atomic]") {
  const test::TempDir dir;
  const fs::path target = dir.write("kept.gif", "old");  // existing: its mode is copied with fchmod
  const std::size_t descriptors = open_descriptors();
  fail_fchmod = true;
  CHECK_THROWS_WITH(PendingFile(target), Catch::Contains(target.string()) && Catch::Contains("cannot write"));
  fail_fchmod = false;
  CHECK(open_descriptors() == descriptors);
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) names.insert(entry.path().filename().string());
  CHECK(names == std::set<std::string>{"kept.gif"});
  CHECK(test::read_bytes(target) == "old");
}

static_assert(!std::is_copy_constructible_v<Descriptor> && !std::is_copy_assignable_v<Descriptor>,
              "a descriptor has one owner: a copy would close it twice");

TEST_CASE("Atomic writes: a Descriptor is closed once, by its last owner", "[renderer][atomic]") {
  const auto is_open = [](int fd) { return fcntl(fd, F_GETFD) != -1; };
  Descriptor first(open("/dev/null", O_RDONLY | O_CLOEXEC));
  const int fd = first.get();
  REQUIRE(is_open(fd));
  {
    Descriptor second(std::move(first));
    CHECK(first.get() == -1);
    CHECK(second.get() == fd);
    Descriptor third;
    third = std::move(second);
    CHECK(second.get() == -1);
    CHECK(is_open(fd));
  }
  CHECK_FALSE(is_open(fd));
  CHECK(first.close() == 0);  // nothing left to close
}
