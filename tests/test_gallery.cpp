// The committed gallery/ must match what the current code renders from configs/: the manifest
// written by `convanim batch --manifest` names each figure's config hash, the program version and a
// hash of the frames as drawn, which this test recomputes (encoder versions do not enter into it).
// gallery/ mirrors configs/: configs/guide/x.json -> gallery/guide/x.{gif,mp4,pdf}.
#include <filesystem>
#include <fstream>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "convanim/version.hpp"
#include "renderer/render.hpp"
#include "src/arithmetic/guide_figures.hpp"
#include "app/batch/batch_plan.hpp"
#include "src/config/json_file.hpp"
#include "app/gallery/gallery_page.hpp"
#include "tests/decode.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = CONVANIM_SOURCE_DIR;
constexpr const char* regenerate = "stale gallery: regenerate it with `bash scripts/gallery.sh` and commit it";

std::string fnv1a_of_file(const fs::path& path) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : test::read_bytes(path)) hash = (hash ^ c) * 0x100000001b3ull;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

nlohmann::json manifest() {
  std::ifstream in(source_dir / "gallery/manifest.json");
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

// Every config under configs/, by its name in the gallery ("guide/dilation").
std::map<std::string, fs::path> configs() {
  std::map<std::string, fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir / "configs"))
    if (entry.path().extension() == ".json")
      found[entry.path().lexically_relative(source_dir / "configs").replace_extension().generic_string()] = entry.path();
  return found;
}

}  // namespace

TEST_CASE("the gallery has every config's figure and nothing else", "[gallery]") {
  const auto figures = manifest().at("figures");
  std::set<std::string> entries, names;
  for (const auto& [name, unused] : figures.items()) entries.insert(name);
  for (const auto& [name, path] : configs()) names.insert(name);
  CHECK(entries == names);
  // The guide's 19 animations are all there, named by the published files' stems.
  for (const auto& figure : convanim::guide_figures()) CHECK(names.count("guide/" + std::string(figure.stem)) == 1);
  for (const std::string& name : names)
    for (const char* extension : {".gif", ".mp4", ".pdf"}) {
      INFO(name << extension);
      CHECK(fs::is_regular_file(source_dir / "gallery" / (name + extension)));
    }
}

TEST_CASE("the committed gallery matches what the code renders from configs/", "[gallery]") {
  const auto m = manifest();
  INFO(regenerate);
  CHECK(m.at("version") == convanim::version);
  for (const auto& [name, path] : configs()) {
    INFO(name);
    const auto& recorded = m.at("figures").at(name);
    CHECK(recorded.at("config_hash") == fnv1a_of_file(path));
    const convanim::Figure figure(convanim::load_config(path), {});
    CHECK(recorded.at("frames_hash") == convanim::frames_hash(figure));
    CHECK(recorded.at("frames") == figure.frames());
  }
}

TEST_CASE("the committed gallery page is what the code writes from configs/", "[gallery]") {
  INFO(regenerate);
  // As scripts/gallery.sh runs the batch: from the repository's root, over configs/.
  std::vector<convanim::PageFigure> figures;
  for (const convanim::BatchItem& item : convanim::collect_configs({source_dir / "configs"})) {
    std::string text = convanim::read_config_file(item.config);
    const convanim::Config config = convanim::load_config_text(text, item.config);
    const convanim::Figure figure(config, {});
    figures.push_back(convanim::page_figure(item, std::move(text), config, figure));
  }
  const convanim::PageOptions options{source_dir / "gallery/index.html", source_dir / "gallery", source_dir,
                                      {"gif", "mp4", "pdf"}, {}};
  const auto read = [](const fs::path& path) {
    const auto bytes = test::read_bytes(path);
    return std::string(bytes.begin(), bytes.end());
  };
  REQUIRE(fs::is_regular_file(source_dir / "gallery/index.html"));
  CHECK(read(source_dir / "gallery/index.html") == convanim::gallery_page_html(figures, options));
  CHECK(read(source_dir / "gallery/gallery.css") == convanim::gallery_page_css());
}

// A GIF and a stepped MP4 both have a frame per step (the MP4's rate is variable).
TEST_CASE("the committed GIFs and MP4s decode with a frame per step", "[gallery]") {
  for (const auto& figure : convanim::guide_figures()) {
    const std::string name(figure.stem);
    INFO(name);
    const std::size_t steps = figure.operation == convanim::Operation::transposed_convolution
                                  ? std::size_t(figure.i * figure.i)
                                  : std::size_t(figure.o * figure.o);
    CHECK(test::decode_video(source_dir / "gallery/guide" / (name + ".gif")).frames.size() == steps);
    CHECK(test::decode_video(source_dir / "gallery/guide" / (name + ".mp4")).frames.size() == steps);
  }
}
