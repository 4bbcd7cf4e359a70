// The per-step and paged outputs: .svg and .png give one file per step, named by per_step_path with
// the step zero-padded to the step count's width; .pdf one page per step. And a render is
// reproducible: the same figure written twice gives the same bytes in every format.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "src/config/scenario.hpp"
#include "renderer/outputs/step_path.hpp"

using namespace convanim;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

Figure figure_for(const json& config) { return prepare_figure(parse_config(config, "test.json", "vector_test")); }

// 3 x 3 = 9 steps, oblique.
const json nine_steps{{"name", "nine"}, {"operation", "convolution"}, {"input", 5}, {"kernel", 3}, {"stride", 2},
                      {"padding", 1}, {"render", {{"cell_size", 12}}}};
// 7 x 7 = 49 steps, flat with values.
const json forty_nine_steps{{"name", "forty_nine"}, {"operation", "convolution"}, {"input", 9}, {"kernel", 3},
                            {"values", {{"seed", 5}}}, {"render", {{"cell_size", 16}}}};

std::set<std::string> file_names(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

std::set<std::string> numbered(const std::string& stem, const std::string& extension, std::size_t count, int width) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < count; ++i) {
    std::string number = std::to_string(i);
    number.insert(0, std::size_t(width) - std::min(number.size(), std::size_t(width)), '0');
    names.insert(stem + "_" + number + extension);
  }
  return names;
}

// "" when the two byte strings are equal, else where and how they first differ (not the whole text).
std::string first_difference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  const auto mismatch = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  const std::size_t at = std::size_t(mismatch.first - a.begin());
  const std::size_t from = at < 16 ? 0 : at - 16;  // a little context before it
  return "sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size()) + ", first difference at byte " +
         std::to_string(at) + ": \"" + a.substr(from, 40) + "\" vs \"" + b.substr(from, 40) + "\"";
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

std::string trim_end(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

// Page objects in an uncompressed PDF: "/Type /Page" not followed by "s" (that is the page tree).
std::size_t count_pages(const std::string& pdf) {
  const std::string key = "/Type /Page";
  std::size_t pages = 0;
  for (std::size_t at = pdf.find(key); at != std::string::npos; at = pdf.find(key, at + 1)) {
    const std::size_t next = at + key.size();
    pages += next >= pdf.size() || !std::isalpha(static_cast<unsigned char>(pdf[next]));
  }
  return pages;
}

}  // namespace

TEST_CASE("per_step_path pads the step to the width of the step count", "[renderer][vector]") {
  CHECK(per_step_path("out.svg", 0, 9) == fs::path("out_0.svg"));
  CHECK(per_step_path("out.svg", 8, 9) == fs::path("out_8.svg"));
  CHECK(per_step_path("out.svg", 0, 49) == fs::path("out_00.svg"));
  CHECK(per_step_path("out.svg", 48, 49) == fs::path("out_48.svg"));
  CHECK(per_step_path("dir/sub/fig.png", 7, 36) == fs::path("dir/sub/fig_07.png"));
  CHECK(per_step_path("/abs/a.b.png", 3, 1000) == fs::path("/abs/a.b_0003.png"));
}

TEST_CASE("SVG: one file per step, each an SVG document of the view's size", "[renderer][vector]") {
  const test::TempDir dir;
  for (const auto& [config, width] : {std::pair{&nine_steps, 1}, std::pair{&forty_nine_steps, 2}}) {
    const Figure figure = figure_for(*config);
    const std::size_t steps = figure.trace.steps.size();
    INFO(steps << " steps");
    const fs::path out = dir.path() / (*config)["name"].get<std::string>();
    fs::create_directory(out);
    render_file(figure, out / "out.svg");
    REQUIRE(file_names(out) == numbered("out", ".svg", steps, width));
    std::set<std::string> contents;
    for (std::size_t i = 0; i < steps; ++i) {
      const fs::path file = per_step_path(out / "out.svg", i, steps);
      INFO(file.filename().string());
      const std::string svg = test::read_bytes(file);
      REQUIRE_FALSE(svg.empty());
      CHECK(starts_with(svg, "<?xml"));
      CHECK(svg.find("<svg") != std::string::npos);
      CHECK(trim_end(svg).size() >= 6);
      CHECK(trim_end(svg).substr(trim_end(svg).size() - 6) == "</svg>");
      CHECK(svg.find("width=\"" + std::to_string(figure.view->width())) != std::string::npos);
      CHECK(svg.find("height=\"" + std::to_string(figure.view->height())) != std::string::npos);
      contents.insert(svg);
    }
    // The kernel moves: no two steps draw the same picture.
    CHECK(contents.size() == steps);
  }
}

TEST_CASE("SVG: a frame range writes only those steps, numbered as in the whole animation", "[renderer][vector]") {
  const test::TempDir dir;
  const Figure figure = figure_for(forty_nine_steps);
  render_file(figure, dir.path() / "part.svg", FrameRange{9, 11});
  CHECK(file_names(dir.path()) == std::set<std::string>{"part_09.svg", "part_10.svg", "part_11.svg"});
}

TEST_CASE("PDF: one page per step, of the view's size", "[renderer][vector]") {
  const test::TempDir dir;
  for (const json* config : {&nine_steps, &forty_nine_steps}) {
    const Figure figure = figure_for(*config);
    const std::size_t steps = figure.trace.steps.size();
    INFO(steps << " steps");
    const fs::path path = dir.path() / "out.pdf";
    REQUIRE_NOTHROW(render_file(figure, path));  // Cairo's errors surface as exceptions
    CHECK(file_names(dir.path()) == std::set<std::string>{"out.pdf"});
    const std::string pdf = test::read_bytes(path);
    CHECK(starts_with(pdf, "%PDF-"));
    CHECK(trim_end(pdf).substr(trim_end(pdf).size() - 5) == "%%EOF");
    CHECK(count_pages(pdf) == steps);
    CHECK(pdf.find("/Count " + std::to_string(steps)) != std::string::npos);
    const std::string media_box =
        "/MediaBox [ 0 0 " + std::to_string(figure.view->width()) + " " + std::to_string(figure.view->height()) + " ]";
    CHECK(pdf.find(media_box) != std::string::npos);
    CHECK(pdf.find("/Title (" + (*config)["name"].get<std::string>() + ")") != std::string::npos);
  }
}

TEST_CASE("PDF: a frame range gives a page per step in it", "[renderer][vector]") {
  const test::TempDir dir;
  const fs::path path = dir.path() / "range.pdf";
  render_file(figure_for(nine_steps), path, FrameRange{2, 4});
  const std::string pdf = test::read_bytes(path);
  CHECK(count_pages(pdf) == 3);
  CHECK(pdf.find("/Count 3") != std::string::npos);
}

TEST_CASE("PDF: each page, rasterised by Poppler, is its step's picture; the fixed layers are written once",
          "[renderer][vector]") {
  const test::TempDir dir;
  const Figure figure = figure_for(nine_steps);
  const std::size_t steps = figure.trace.steps.size();
  const fs::path path = dir.path() / "out.pdf";
  render_file(figure, path);
  MemoryOutput drawn;
  render(figure, drawn);
  REQUIRE(drawn.frames().size() == steps);
  // pdftoppm (poppler-utils, installed by scripts/setup.sh) at 72 dpi: a point of the page a pixel.
  const test::CliResult raster =
      test::run_command({"pdftoppm", "-r", "72", "-png", path.string(), (dir.path() / "page").string()});
  REQUIRE(raster.status == 0);
  for (std::size_t k = 0; k < steps; ++k) {
    INFO("page " << k + 1);
    const test::Image page = test::load_png(dir.path() / ("page-" + std::to_string(k + 1) + ".png"));
    REQUIRE(page.width == figure.view->width());
    REQUIRE(page.height == figure.view->height());
    const test::Image step = test::from_argb32(drawn.frames()[k]);
    // Poppler anti-aliases edges and text its own way (28 to 29 dB here); the picture is the same,
    // and nearer its own step's than either neighbour's.
    const double db = test::psnr(page, step);
    CHECK(db > 25);
    for (std::size_t other : {k - 1, k + 1})
      if (other < steps) CHECK(db > test::psnr(page, test::from_argb32(drawn.frames()[other])));
  }
  // The grids, labels and output plane are one form XObject each, referenced from every page: a
  // handful of forms for nine pages, not one per page.
  const std::string pdf = test::read_bytes(path);
  std::size_t forms = 0;
  for (std::size_t at = pdf.find("/Subtype /Form"); at != std::string::npos; at = pdf.find("/Subtype /Form", at + 1))
    ++forms;
  CHECK(forms >= 1);
  CHECK(forms < steps);
}

TEST_CASE("PNG: one file per step, each the frame Cairo drew", "[renderer][vector]") {
  const test::TempDir dir;
  const Figure figure = figure_for(nine_steps);
  const std::size_t steps = figure.trace.steps.size();
  MemoryOutput drawn;
  render(figure, drawn);
  render_file(figure, dir.path() / "out.png");
  REQUIRE(file_names(dir.path()) == numbered("out", ".png", steps, 1));
  REQUIRE(drawn.frames().size() == steps);
  for (std::size_t i = 0; i < steps; ++i) {
    INFO("step " << i);
    const test::Image png = test::load_png(per_step_path(dir.path() / "out.png", i, steps));
    CHECK(png.width == figure.view->width());
    CHECK(png.height == figure.view->height());
    // Lossless: the very pixels drawn.
    CHECK(png.rgba == test::from_argb32(drawn.frames()[i]).rgba);
  }
}

TEST_CASE("PNG: a transparent background stays transparent", "[renderer][vector]") {
  const test::TempDir dir;
  json config = nine_steps;
  config["render"]["background"] = "transparent";
  const Figure figure = figure_for(config);
  REQUIRE(figure.settings.transparent);
  render_file(figure, dir.path() / "clear.png", FrameRange{0, 0});
  const test::Image png = test::load_png(per_step_path(dir.path() / "clear.png", 0, figure.trace.steps.size()));
  CHECK(png.alpha(0, 0) == 0);
  CHECK(png.alpha(png.width - 1, png.height - 1) == 0);
  // An input unit is still opaque blue.
  const Point unit = figure.view->plane("input").point({5, 5});  // far from step 0's kernel
  CHECK(png.alpha(int(unit.x), int(unit.y)) == 255);
  CHECK(png.rgb(int(unit.x), int(unit.y)) == std::array<int, 3>{31, 122, 186});  // solarized's input
  // With the default background the same corner is opaque white.
  render_file(figure_for(nine_steps), dir.path() / "white.png", FrameRange{0, 0});
  const test::Image white = test::load_png(per_step_path(dir.path() / "white.png", 0, figure.trace.steps.size()));
  CHECK(white.alpha(0, 0) == 255);
  CHECK(white.rgb(0, 0) == std::array<int, 3>{255, 255, 255});
}

TEST_CASE("The same figure rendered twice gives byte-identical GIF, MP4, PDF and PNG files", "[renderer][vector]") {
  const test::TempDir dir;
  const Figure figure = figure_for(forty_nine_steps);
  const FrameRange range{0, 5};
  for (const char* name : {"a", "b"}) {
    fs::create_directory(dir.path() / name);
    for (const char* extension : {".gif", ".mp4", ".pdf", ".png"})
      render_file(figure, dir.path() / name / (std::string("out") + extension), range);
  }
  const std::set<std::string> names = file_names(dir.path() / "a");
  REQUIRE(names == file_names(dir.path() / "b"));
  REQUIRE(names.size() == 3 + 6);
  for (const std::string& name : names) {
    INFO(name);
    const std::string first = test::read_bytes(dir.path() / "a" / name);
    CHECK_FALSE(first.empty());
    CHECK(first_difference(first, test::read_bytes(dir.path() / "b" / name)) == "");
  }
}

// Cairo (1.16) names each SVG's top group "surface<N>" after a process-wide surface counter; the SVG
// sink renumbers them, so a second render in one process (as `convanim batch` does for many
// figures, on several threads) writes the same bytes as the first.
TEST_CASE("The same figure rendered twice in one process gives byte-identical SVG files",
          "[renderer][vector]") {
  const test::TempDir dir;
  const Figure figure = figure_for(nine_steps);
  for (const char* name : {"a", "b"}) {
    fs::create_directory(dir.path() / name);
    render_file(figure, dir.path() / name / "out.svg", FrameRange{0, 1});
  }
  const std::set<std::string> names = file_names(dir.path() / "a");
  REQUIRE(names == std::set<std::string>{"out_0.svg", "out_1.svg"});
  for (const std::string& name : names) {
    INFO(name);
    CHECK(first_difference(test::read_bytes(dir.path() / "a" / name), test::read_bytes(dir.path() / "b" / name)) ==
          "");
  }
}

TEST_CASE("The same config rendered by two runs of the CLI gives byte-identical files", "[renderer][vector]") {
  const test::TempDir dir;
  const fs::path config = dir.write("fig.json", nine_steps.dump());
  for (const char* name : {"a", "b"}) {
    fs::create_directory(dir.path() / name);
    const fs::path out = dir.path() / name;
    const test::CliResult result = test::run_cli({"render", config.string(), "-o", (out / "x.gif").string(), "-o",
                                                  (out / "x.mp4").string(), "-o", (out / "x.pdf").string(), "-o",
                                                  (out / "x.svg").string(), "--frames", "3-5"});
    INFO("stderr: " << result.err);
    REQUIRE(result.status == 0);
  }
  const std::set<std::string> names = file_names(dir.path() / "a");
  CHECK(names == std::set<std::string>{"x.gif", "x.mp4", "x.pdf", "x_3.svg", "x_4.svg", "x_5.svg"});
  for (const std::string& name : names) {
    INFO(name);
    CHECK(first_difference(test::read_bytes(dir.path() / "a" / name), test::read_bytes(dir.path() / "b" / name)) == "");
  }
}
