// A view around another: a title above the figure, the step's equation under it, and the whole fitted
// into a canvas of the size asked for ("canvas": [1920, 1080]), scaled and centred. The view inside
// draws at its own size; the painter applies the scene's scale and offset.
#include <algorithm>
#include <cmath>

#include "renderer/views/figure_frame.hpp"
#include "renderer/views/views.hpp"

namespace convanim {
namespace {

constexpr double title_size_labels = 1.3;  // the title's font size, in label sizes
constexpr double band_gap_labels = 0.6;    // between the figure and the title or the equation
constexpr double canvas_margin = 0.04;     // of the canvas' shorter side, blank all around
constexpr double least_band_ems = 20 * 0.62;  // an equation band holds at least 20 digits
// A sum of this many terms or fewer (a 3x3 window and a bias, the guide's) is always written whole:
// the band widens for it beyond the figure, rather than hide a term.
constexpr std::size_t whole_terms = 10;

class CanvasView final : public View {
 public:
  CanvasView(std::unique_ptr<View> inner, const RenderSettings& settings, Build build)
      : View(inner->frame_count()), inner_(std::move(inner)) {
    const Proportions p(settings.cell_size);
    const Colour& ink = settings.theme->text;
    const double w = inner_->width(), h = inner_->height();
    Box content{0, 0, w, h};
    if (!settings.title.empty()) {
      const double size = title_size_labels * p.label_size;
      Text title{settings.title, {w / 2, -size * (0.5 + band_gap_labels)}, Text::Align::centre, size, ink};
      content.add(bounds_of(title).grown(p.label_size * band_gap_labels));
      if (build == Build::scenes) title_ = Layer::make(Layer::Kind::fixed, {std::move(title)});
    }
    if (settings.equation) {
      const double y = h + p.label_size * (0.5 + band_gap_labels), room = band_ems(w / p.label_size);
      const double half = std::max(w, room * p.label_size) / 2;
      content.add(Box{w / 2 - half, y - p.label_size, w / 2 + half, y + p.label_size * (1 + band_gap_labels)});
      if (build == Build::scenes) equations_ = equation_layers(p, {w / 2, y}, ink, room);
    }
    if (settings.canvas) {
      const auto [cw, ch] = *settings.canvas;
      const double margin = canvas_margin * std::min(cw, ch);
      scale_ = std::min((cw - 2 * margin) / (content.x1 - content.x0), (ch - 2 * margin) / (content.y1 - content.y0));
      offset_ = Point{(cw - (content.x0 + content.x1) * scale_) / 2, (ch - (content.y0 + content.y1) * scale_) / 2};
      width_ = cw, height_ = ch;
    } else {
      offset_ = Point{-content.x0, -content.y0};
      width_ = even_pixels(content.x1 - content.x0), height_ = even_pixels(content.y1 - content.y0);
    }
    for (Plane plane : inner_->planes()) {
      plane.origin = plane.origin * scale_ + offset_;
      plane.column = plane.column * scale_;
      plane.row_step = plane.row_step * scale_;
      planes_.push_back(std::move(plane));
    }
  }

  Scene scene(std::size_t frame) const override {
    Scene scene = inner_->scene(frame);
    scene.width = width_, scene.height = height_;
    scene.scale = scale_, scene.offset = offset_;
    if (title_) scene.layers.insert(scene.layers.begin() + std::min<std::size_t>(1, scene.layers.size()), *title_);
    if (!equations_.empty()) scene.layers.push_back(equations_[frame]);
    return scene;
  }
  bool glides(std::size_t from, std::size_t to) const override { return inner_->glides(from, to); }
  std::optional<Equation> equation(std::size_t frame) const override { return inner_->equation(frame); }

 private:
  // How wide, in ems, the equation band is: the figure's width, at least 20 digits, and whole sums
  // of up to whole_terms terms.
  double band_ems(double figure_ems) const {
    double room = std::max(least_band_ems, figure_ems);
    const std::optional<Equation> first = frames_ ? inner_->equation(0) : std::nullopt;
    if (!first || first->terms.size() > whole_terms) return room;
    for (std::size_t f = 0; f < frames_; ++f)
      if (const std::optional<Equation> e = inner_->equation(f); e && e->terms.size() <= whole_terms)
        room = std::max(room, line_width_em(e->text()));
    return room;
  }

  // A line per frame, made once: each is a fixed layer, drawn once while its step shows.
  std::vector<Layer> equation_layers(const Proportions& p, Point anchor, const Colour& ink, double room) const {
    const auto fits = [room](const RichText& line) { return line_width_em(line) <= room; };
    std::vector<Layer> layers;
    for (std::size_t f = 0; f < frames_; ++f) {
      const std::optional<Equation> e = inner_->equation(f);
      std::vector<Shape> line;
      if (e) line.push_back(Text{e->text(fits), anchor, Text::Align::centre, p.label_size, ink});
      layers.push_back(Layer::make(Layer::Kind::fixed, std::move(line)));
    }
    return layers;
  }

  std::unique_ptr<View> inner_;
  std::optional<Layer> title_;
  std::vector<Layer> equations_;
  double scale_ = 1;
  Point offset_;
};

}  // namespace

std::unique_ptr<View> frame_on_canvas(std::unique_ptr<View> inner, const RenderSettings& settings, Build build) {
  if (!settings.canvas && settings.title.empty() && !settings.equation) return inner;
  return std::make_unique<CanvasView>(std::move(inner), settings, build);
}

}  // namespace convanim
