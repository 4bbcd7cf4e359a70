// The `.json` output is a format others draw from (the README's "Scene JSON"): read back, it holds
// each frame's scene as the view made it: its layers, every path and every text with its runs.
#include <filesystem>
#include <map>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "renderer/outputs/scene_text.hpp"
#include "renderer/render.hpp"
#include "tests/decode.hpp"
#include "tests/support.hpp"

namespace fs = std::filesystem;
using namespace convanim;
using nlohmann::json;

namespace {

const char* script_name(TextRun::Script script) {
  return script == TextRun::Script::sub ? "sub" : script == TextRun::Script::super ? "super" : "normal";
}

void check_point(const json& written, Point p) {
  CHECK(written.at(0).get<double>() == Approx(p.x).margin(0.001));
  CHECK(written.at(1).get<double>() == Approx(p.y).margin(0.001));
}

void check_shape(const json& written, const Shape& shape) {
  if (const auto* text = std::get_if<Text>(&shape)) {
    REQUIRE(written.at("type") == "text");
    const json& runs = written.at("runs");
    REQUIRE(runs.size() == text->text.runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const TextRun& run = text->text.runs[i];
      CHECK(runs[i].at("text") == run.text);
      CHECK(runs[i].value("script", "normal") == script_name(run.script));
      CHECK(runs[i].value("italic", false) == run.italic);
    }
    check_point(written.at("anchor"), text->anchor);
    CHECK(written.at("size").get<double>() == Approx(text->size).margin(0.001));
    CHECK(written.at("colour") == hex_colour(text->colour));
    return;
  }
  const Path& path = std::get<Path>(shape);
  REQUIRE(written.at("type") == "path");
  REQUIRE(written.at("points").size() == path.points.size());
  for (std::size_t i = 0; i < path.points.size(); ++i) check_point(written["points"][i], path.points[i]);
  CHECK(written.at("closed") == path.closed);
  CHECK(written.contains("fill") == path.fill.has_value());
  if (path.fill) CHECK(written["fill"] == hex_colour(*path.fill));
  CHECK(written.contains("stroke") == path.stroke.has_value());
  if (path.stroke) CHECK(written["stroke"].at("width").get<double>() == Approx(path.stroke->width).margin(0.001));
}

// Renders the config to JSON and compares every frame with the view's scene of its step.
void check_round_trip(const std::string& config_text, std::size_t expected_frames) {
  const Figure figure(load_config_text(config_text, "round-trip.json"));
  const fs::path file = fs::temp_directory_path() / ("convanim-scene-" + std::to_string(::getpid()) + ".json");
  render_file(figure, file);
  const json written = json::parse(test::read_bytes(file));
  fs::remove(file);

  CHECK(written.at("format") == "convanim-scene");
  CHECK(written.at("version") == 1);
  CHECK(written.at("width") == figure.size().width);
  CHECK(written.at("height") == figure.size().height);
  const json& frames = written.at("frames");
  REQUIRE(frames.size() == expected_frames);

  std::map<int, json> by_id;  // a fixed layer's shapes, written once
  std::size_t texts = 0;
  for (const json& frame : frames) {
    const Scene scene = figure.view->scene(frame.at("step").get<std::size_t>());
    CHECK(frame.at("background") == (scene.background ? json(hex_colour(*scene.background)) : json()));
    const json& layers = frame.at("layers");
    REQUIRE(layers.size() == scene.layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const Layer& layer = scene.layers[l];
      const json& entry = layers[l];
      CHECK(entry.at("count") == layer.count);
      if (entry.contains("id") && entry.contains("shapes")) by_id[entry["id"].get<int>()] = entry["shapes"];
      const json& shapes = entry.contains("id") ? by_id.at(entry["id"].get<int>()) : entry.at("shapes");
      REQUIRE(shapes.size() >= layer.count);
      for (std::size_t s = 0; s < layer.count; ++s) {
        check_shape(shapes[s], (*layer.shapes)[s]);
        texts += std::holds_alternative<Text>((*layer.shapes)[s]);
      }
    }
  }
  CHECK(texts > 0);
}

}  // namespace

TEST_CASE("scene JSON round-trips: symbolic values with subscripts, equation and title", "[scene-json]") {
  check_round_trip(R"json({"operation": "convolution", "input": 4, "kernel": 3, "padding": 1, "stride": 2,
                       "values": "symbolic",
                       "render": {"equation": true, "title": "x₁ over W", "canvas": [640, 480]}})json",
                   4);
}

TEST_CASE("scene JSON round-trips: channels in the stack view with numbers", "[scene-json]") {
  check_round_trip(R"json({"layer": "nn.Conv2d(2, 2, 2)", "input": [2, 3, 3], "values": {"seed": 3}})json", 8);
}
