// `.svg`: a file per step, written from the scene as SVG text, without Cairo: paths as paths, text as
// text (selectable, searchable, editable, set in the reader's DejaVu Sans or the document's font),
// subscripts as tspans. The default SVG writer; `.cairo.svg` draws text as outlines instead
// (renderer/cairo/cairo_svg.cpp), for a picture that looks the same without the font.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "renderer/outputs/output.hpp"
#include "renderer/outputs/scene_text.hpp"
#include "renderer/outputs/step_path.hpp"

namespace convanim {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// A colour as an attribute and its opacity: fill="#268bd2" fill-opacity="0.4".
std::string paint(std::string_view attribute, const Colour& colour) {
  std::string out = fmt::format(" {}=\"{}\"", attribute, hex_rgb(colour));
  if (colour.a < 1) out += fmt::format(" {}-opacity=\"{}\"", attribute, rounded(colour.a));
  return out;
}

void write_path(std::string& out, const Path& path) {
  std::string d;
  std::size_t start = 0;
  const auto contour = [&](std::size_t size) {
    for (std::size_t i = start; i < start + size; ++i)
      d += fmt::format("{}{} {}", i == start ? "M" : "L", rounded(path.points[i].x), rounded(path.points[i].y));
    if (path.closed) d += "Z";
    start += size;
  };
  if (path.contours.empty()) {
    if (!path.points.empty()) contour(path.points.size());
  } else {
    for (const std::uint32_t size : path.contours) contour(size);
  }
  out += fmt::format("<path d=\"{}\"", d);
  out += path.fill ? paint("fill", *path.fill) : std::string(" fill=\"none\"");
  if (const auto& stroke = path.stroke) {
    out += paint("stroke", stroke->colour);
    out += fmt::format(" stroke-width=\"{}\"", rounded(stroke->width));
    if (stroke->dash > 0) out += fmt::format(" stroke-dasharray=\"{}\"", rounded(stroke->dash));
    if (!stroke->antialias) out += " shape-rendering=\"crispEdges\"";
  }
  out += "/>\n";
}

void write_text(std::string& out, const Text& text) {
  const InkExtent ink = ink_extent(text.text);
  const double baseline = text.anchor.y + (ink.top + ink.bottom) / 2 * text.size;
  const char* anchor = text.align == Text::Align::left ? "start" : text.align == Text::Align::right ? "end" : "middle";
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\"{}>", rounded(text.anchor.x),
                     rounded(baseline), rounded(text.size), anchor, paint("fill", text.colour));
  for (const TextRun& run : text.text.runs) {
    if (run.script == TextRun::Script::normal && !run.italic) {
      out += escaped(run.text);
      continue;
    }
    out += "<tspan";
    if (run.italic) out += " font-style=\"italic\"";
    if (run.script != TextRun::Script::normal) {
      const double shift = run.script == TextRun::Script::sub ? subscript_drop : -superscript_rise;
      out += fmt::format(" font-size=\"{}\" dy=\"{}\"", rounded(text.size * script_scale), rounded(shift * text.size));
    }
    out += ">" + escaped(run.text) + "</tspan>";
    if (run.script != TextRun::Script::normal) {
      // Back to the baseline for what follows.
      const double back = run.script == TextRun::Script::sub ? -subscript_drop : superscript_rise;
      out += fmt::format("<tspan dy=\"{}\"></tspan>", rounded(back * text.size));
    }
  }
  out += "</text>\n";
}

class SvgOutput final : public Output {
 public:
  SvgOutput(OutputTarget target, const OutputOptions& options)
      : size_(options.size), files_(std::move(target), options.step_count) {}

  std::filesystem::path target() const override { return files_.target().path(); }

  void frame(const Scene& scene, const FrameInfo& info) override {
    std::string out = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">\n",
        size_.width, size_.height);
    if (scene.background)
      out += fmt::format("<rect width=\"100%\" height=\"100%\"{}/>\n", paint("fill", *scene.background));
    out += fmt::format(
        "<g transform=\"translate({} {}) scale({})\" font-family=\"DejaVu Sans\" stroke-miterlimit=\"10\">\n",
        rounded(scene.offset.x), rounded(scene.offset.y), scene.scale);
    for (const Layer& layer : scene.layers) {
      if (layer.count == 0) continue;
      const bool faded = layer.opacity < 1;
      if (faded) out += fmt::format("<g opacity=\"{}\">\n", rounded(layer.opacity));
      for (std::size_t i = 0; i < layer.count; ++i) {
        const Shape& shape = (*layer.shapes)[i];
        if (const auto* path = std::get_if<Path>(&shape)) write_path(out, *path);
        else write_text(out, std::get<Text>(shape));
      }
      if (faded) out += "</g>\n";
    }
    out += "</g>\n</svg>\n";
    PendingFile& file = files_.add(info.step);
    file.write(out);
    file.close();
  }

  void finish() override { files_.commit_all(); }

 private:
  FrameSize size_;
  StepFiles files_;
};

}  // namespace

extern const OutputType svg_output{
    .extension = ".svg",
    .summary = "an SVG file per step, text as text (selectable, editable; set in DejaVu Sans where installed)",
    .traits = {.per_step = true, .file_per_step = true},
    .make = [](const OutputTarget& target, const OutputOptions& options, OutputSession&) -> std::unique_ptr<Output> {
      return std::make_unique<SvgOutput>(target, options);
    },
};

}  // namespace convanim
