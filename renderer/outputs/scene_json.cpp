// `.json`: every frame's scene as JSON, the format a program draws convanim's pictures from without
// convanim (the browser explorer does). The README's "Scene JSON" section documents it. A fixed or
// growing layer's shapes are written once, in the first frame that shows them, under an id that
// later frames name; a moving layer's shapes are written in every frame that shows them.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "renderer/outputs/output.hpp"
#include "renderer/outputs/scene_text.hpp"

namespace convanim {
namespace {

using nlohmann::json;

json point_json(Point p) { return json::array({rounded(p.x), rounded(p.y)}); }

json runs_json(const RichText& text) {
  json runs = json::array();
  for (const TextRun& run : text.runs) {
    json r{{"text", run.text}};
    if (run.script != TextRun::Script::normal) r["script"] = run.script == TextRun::Script::sub ? "sub" : "super";
    if (run.italic) r["italic"] = true;
    runs.push_back(std::move(r));
  }
  return runs;
}

json shape_json(const Shape& shape) {
  if (const auto* text = std::get_if<Text>(&shape))
    return {{"type", "text"},
            {"runs", runs_json(text->text)},
            {"anchor", point_json(text->anchor)},
            {"align", text->align == Text::Align::left ? "left" : text->align == Text::Align::right ? "right" : "centre"},
            {"size", rounded(text->size)},
            {"colour", hex_colour(text->colour)}};
  const Path& path = std::get<Path>(shape);
  json points = json::array();
  for (Point p : path.points) points.push_back(point_json(p));
  json out{{"type", "path"}, {"points", std::move(points)}, {"closed", path.closed}};
  if (!path.contours.empty()) out["contours"] = path.contours;
  if (path.fill) out["fill"] = hex_colour(*path.fill);
  if (path.stroke) {
    json stroke{{"colour", hex_colour(path.stroke->colour)}, {"width", rounded(path.stroke->width)}};
    if (path.stroke->dash > 0) stroke["dash"] = rounded(path.stroke->dash);
    if (!path.stroke->antialias) stroke["antialias"] = false;
    out["stroke"] = std::move(stroke);
  }
  return out;
}

const char* kind_name(Layer::Kind kind) {
  return kind == Layer::Kind::fixed ? "fixed" : kind == Layer::Kind::growing ? "growing" : "moving";
}

class SceneJsonOutput final : public Output {
 public:
  SceneJsonOutput(const OutputTarget& target, const OutputOptions& options) : file_(target), writer_(file_) {
    const json head{{"format", "convanim-scene"},
                    {"version", 1},
                    {"title", options.title},
                    {"width", options.size.width},
                    {"height", options.size.height},
                    {"ticks_per_second", options.ticks_per_second},
                    {"steps", options.step_count},
                    {"loop", options.loop}};
    std::string text = head.dump();
    text.pop_back();  // the frames follow inside the same object
    write(text + ",\"frames\":[\n");
  }

  std::filesystem::path target() const override { return file_.target(); }

  void frame(const Scene& scene, const FrameInfo& info) override {
    json layers = json::array();
    for (const Layer& layer : scene.layers) {
      json entry{{"kind", kind_name(layer.kind)}, {"count", layer.count}};
      if (layer.opacity < 1) entry["opacity"] = rounded(layer.opacity);
      if (layer.kind == Layer::Kind::moving) {
        entry["shapes"] = shapes_json(*layer.shapes, layer.count);
      } else {
        // Kept alive here, so that no later list can take its address and its id.
        const auto [known, added] = ids_.try_emplace(layer.shapes.get(), Known{ids_.size(), layer.shapes});
        entry["id"] = known->second.id;
        if (added) entry["shapes"] = shapes_json(*layer.shapes, layer.shapes->size());
      }
      layers.push_back(std::move(entry));
    }
    const json frame{{"index", info.index},
                     {"step", info.step},
                     {"start", info.start},
                     {"duration", info.duration},
                     {"step_image", info.step_image},
                     {"background", scene.background ? json(hex_colour(*scene.background)) : json()},
                     {"scale", rounded(scene.scale)},
                     {"offset", point_json(scene.offset)},
                     {"layers", std::move(layers)}};
    write((first_ ? "" : ",\n") + frame.dump());
    first_ = false;
  }

  void finish() override {
    write("\n]}\n");
    writer_.flush();
    file_.commit();
  }

 private:
  static json shapes_json(const std::vector<Shape>& shapes, std::size_t count) {
    json out = json::array();
    for (std::size_t i = 0; i < count && i < shapes.size(); ++i) out.push_back(shape_json(shapes[i]));
    return out;
  }
  void write(const std::string& text) {
    writer_.write(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }

  struct Known {
    std::size_t id;
    std::shared_ptr<const std::vector<Shape>> shapes;
  };
  PendingFile file_;
  BufferedWriter writer_;
  std::map<const void*, Known> ids_;
  bool first_ = true;
};

}  // namespace

extern const OutputType scene_json_output{
    .extension = ".json",
    .summary = "every frame's scene as JSON (layers of paths and texts, timing): for programs that draw it",
    .traits = {},
    .make = [](const OutputTarget& target, const OutputOptions& options, OutputSession&) -> std::unique_ptr<Output> {
      return std::make_unique<SceneJsonOutput>(target, options);
    },
};

}  // namespace convanim
