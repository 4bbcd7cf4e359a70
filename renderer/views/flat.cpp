// The flat view: the guide's numerical figures.
#include <fmt/format.h>

#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"

namespace convanim {
namespace {

constexpr double flat_gap_cells = 1.5;      // between the input and the output grid
constexpr double label_rise_cells = 0.5;    // labels stand this far above a plane's top edge

class FlatView final : public View {
 public:
  FlatView(const Trace& trace, const RenderSettings& settings, Build build)
      : View(trace.steps.size()), trace_(trace), theme_(*settings.theme), p_(settings.cell_size) {
    const double cell = p_.cell;
    const Point column{cell, 0}, row_step{0, cell};
    const int rows = trace.grid.size[0], out_rows = trace.output_size[0];
    planes_ = {Plane{"input", rows, trace.grid.size[1], {0, 0}, column, row_step},
               Plane{"output", out_rows, trace.output_size[1],
                     {(trace.grid.size[1] + flat_gap_cells) * cell, (rows - out_rows) * cell / 2}, column, row_step}};
    std::vector<Text> texts;
    if (settings.labels)
      for (const Plane& plane : planes_)
        texts.push_back({plane.name, plane.at(0, plane.cols / 2.0) + Point{0, -label_rise_cells * cell},
                         Text::Align::centre, p_.label_size, theme_.text});
    const Framed size = frame_figure(planes_, texts, settings.caption ? caption_text(trace.scenario) : "",
                                     p_, theme_.text);
    width_ = size.width;
    height_ = size.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    if (build == Build::size_only) return;

    const Plane &grid = planes_[0], &output = planes_[1];
    const auto is_unit = [&](Cell at) { return trace_.grid.kind(at) == CellKind::input; };
    std::vector<Shape> base;
    add_fills(base, grid, theme_.input, is_unit);
    base.insert(base.end(), texts.begin(), texts.end());
    base_ = Layer::make(Layer::Kind::fixed, std::move(base));
    std::vector<Shape> shapes;
    add_outlines(shapes, grid, p_, theme_.grid_line, is_unit);
    input_outlines_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    // Values above the footprint's shade, in a colour that reads on the cell shaded or not.
    if (trace.values)
      for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c)
          if (auto unit = trace.grid.input_at({r, c}))
            shapes.push_back(Text{value_text(trace.input_value(0, *unit)), grid.point({r, c}),
                                  Text::Align::centre, p_.value_size, text_on(theme_, theme_.input)});
    input_values_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    add_fills(shapes, output, theme_.output);
    output_fills_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    add_outlines(shapes, output, p_, theme_.grid_line);
    output_outlines_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    // Outputs appear as the kernel computes them, with one decimal as in the guide: the layer of step
    // n shows the first n + 1 of them.
    if (trace.values) {
      for (const Step& step : trace.steps)
        shapes.push_back(Text{fmt::format("{:.1f}", trace.output_value(step.output_channel, step.output)),
                              output.point(step.output), Text::Align::centre, p_.value_size,
                              text_on(theme_, theme_.output)});
      outputs_ = Layer::make(Layer::Kind::moving, std::move(shapes));
    }
  }

  bool glides(std::size_t from, std::size_t to) const override {
    return next_in_row(trace_.steps.at(from), trace_.steps.at(to));
  }

  Scene scene(std::size_t index) const override {
    const Step& step = trace_.steps.at(index);
    std::vector<Shape> footprint, target, weights;
    add_shaded(footprint, planes_[0], step.window, theme_.shade);
    add_shaded(target, planes_[1], {step.output}, theme_.shade);
    Scene scene{width_, height_, background_,
                {base_, Layer::make(Layer::Kind::moving, std::move(footprint)), input_outlines_, input_values_,
                 output_fills_, Layer::make(Layer::Kind::moving, std::move(target)), output_outlines_}};
    if (!trace_.values) return scene;
    // The weight each tap multiplies, in the bottom band of the covered cell, under its value.
    if (trace_.values->kernel)
      for (std::size_t tap = 0; tap < step.window.size(); ++tap)
        weights.push_back(Text{value_text(trace_.applied_weight(step.output_channel, 0, tap)),
                               planes_[0].point(step.window[tap], p_.weight_at.x, p_.weight_at.y),
                               Text::Align::right, p_.weight_size, cell_text_on(step.window[tap])});
    scene.layers.push_back(Layer::make(Layer::Kind::moving, std::move(weights)));
    scene.layers.push_back(outputs_.prefix(index + 1));
    return scene;
  }

 private:
  // Text on a cell of the input grid: a unit's fill, or the background of padding and inserted zeros.
  const Colour& cell_text_on(Cell cell) const {
    return text_on(theme_, trace_.grid.kind(cell) == CellKind::input ? theme_.input : theme_.background);
  }

  const Trace& trace_;
  const Theme theme_;
  Proportions p_;
  std::optional<Colour> background_;
  Layer base_, input_outlines_, input_values_, output_fills_, output_outlines_, outputs_;
};

}  // namespace

std::unique_ptr<View> make_flat_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<FlatView>(trace, settings, build);
}

}  // namespace convanim
