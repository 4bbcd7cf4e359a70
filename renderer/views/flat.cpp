// The flat view: the guide's numerical figures.
#include <fmt/format.h>

#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/step_equation.hpp"
#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"

namespace convanim {
namespace {

constexpr double flat_gap_cells = 1.5;      // between the input and the output grid
constexpr double label_rise_cells = 0.5;    // labels stand this far above a plane's top edge
// The kernel's own grid, left of the input: smaller than the input's cells, so that it reads as a
// key to the figure rather than a third plane; its values shrink with it.
constexpr double kernel_cell_ratio = 0.75;
constexpr double kernel_gap_cells = 1.0;  // between the kernel's grid and the input's
constexpr double symbol_height = 0.4;     // where an input's symbol sits in its cell (v)

class FlatView final : public View {
 public:
  FlatView(const Trace& trace, const RenderSettings& settings, Build build)
      : View(trace.steps.size()), trace_(trace), theme_(*settings.theme), p_(settings.cell_size),
        decimals_(settings.decimals), symbolic_(trace.scenario.symbolic),
        show_zeros_(settings.show_zeros) {
    const double cell = p_.cell;
    const Point column{cell, 0}, row_step{0, cell};
    const int rows = trace.grid.size[0], out_rows = trace.output_size[0];
    planes_ = {Plane{"input", rows, trace.grid.size[1], {0, 0}, column, row_step},
               Plane{"output", out_rows, trace.output_size[1],
                     {(trace.grid.size[1] + flat_gap_cells) * cell, (rows - out_rows) * cell / 2}, column, row_step}};
    const Scenario& s = trace.scenario;
    const bool weights = (trace.values && trace.values->kernel) || (symbolic_ && !is_pooling(s.operation));
    if (weights) {
      const double k = kernel_cell_ratio * cell;
      planes_.push_back(Plane{"kernel", s.height().kernel, s.width().kernel,
                              {-kernel_gap_cells * cell - s.width().kernel * k, 0}, {k, 0}, {0, k}});
    }
    std::vector<Text> texts;
    if (settings.labels)
      for (const Plane& plane : planes_) {
        // The transposed convolution's kernel as drawn is the stored one flipped (the direct
        // convolution that computes it), which is what the covered cells show too.
        const std::string name =
            plane.name == "kernel" && s.operation == Operation::transposed_convolution ? "kernel, flipped" : plane.name;
        texts.push_back({name, plane.at(0, plane.cols / 2.0) + Point{0, -label_rise_cells * cell},
                         Text::Align::centre, p_.label_size, theme_.text});
      }
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
    if (weights) add_kernel(base, planes_[2]);
    base_ = Layer::make(Layer::Kind::fixed, std::move(base));
    std::vector<Shape> shapes;
    add_outlines(shapes, grid, p_, theme_.grid_line, is_unit);
    input_outlines_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    // Values above the footprint's shade, in a colour that reads on the cell shaded or not.
    for (int r = 0; r < grid.rows; ++r)
      for (int c = 0; c < grid.cols; ++c)
        if (auto text = cell_text(Cell{r, c})) shapes.push_back(std::move(*text));
    input_values_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    add_fills(shapes, output, theme_.output);
    output_fills_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    add_outlines(shapes, output, p_, theme_.grid_line);
    output_outlines_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    // Outputs appear as the kernel computes them: the layer of step n shows the first n + 1 of them.
    if (trace.values || symbolic_) {
      for (const Step& step : trace.steps)
        shapes.push_back(Text{symbolic_ ? output_symbol(trace, step.output_channel, step.output)
                                        : value_text(trace.output_value(step.output_channel, step.output), decimals_),
                              output.point(step.output), Text::Align::centre, p_.value_size,
                              text_on(theme_, theme_.output)});
      outputs_ = Layer::make(Layer::Kind::moving, std::move(shapes));
    }
  }

  bool glides(std::size_t from, std::size_t to) const override {
    return next_in_row(trace_.steps.at(from), trace_.steps.at(to));
  }

  std::optional<Equation> equation(std::size_t frame) const override {
    return step_equation(trace_, trace_.steps.at(frame), decimals_);
  }

  Scene scene(std::size_t index) const override {
    const Step& step = trace_.steps.at(index);
    std::vector<Shape> footprint, target, marks;
    add_shaded(footprint, planes_[0], step.window, theme_.shade);
    add_shaded(target, planes_[1], {step.output}, theme_.shade);
    Scene scene{width_, height_, background_,
                {base_, Layer::make(Layer::Kind::moving, std::move(footprint)), input_outlines_, input_values_,
                 output_fills_, Layer::make(Layer::Kind::moving, std::move(target)), output_outlines_}};
    if (!trace_.values && !symbolic_) return scene;
    // The weight each tap multiplies, in the bottom band of the covered cell, under its value.
    if (planes_.size() > 2)
      for (std::size_t tap = 0; tap < step.window.size(); ++tap)
        marks.push_back(Text{weight_text(tap), planes_[0].point(step.window[tap], p_.weight_at.x, p_.weight_at.y),
                             Text::Align::right, p_.weight_size, cell_text_on(step.window[tap])});
    if (const auto tap = picked_tap(trace_, step))
      add_pick_ring(marks, planes_[0], step.window[*tap], p_, theme_.cell_text, theme_.background);
    // An average pooling's divisor where a convolution's weights would be: in the output cell's corner.
    if (trace_.scenario.operation == Operation::average_pooling)
      marks.push_back(Text{fmt::format("÷{}", pooling_divisor(trace_.scenario, step)),
                           planes_[1].point(step.output, p_.weight_at.x, p_.weight_at.y), Text::Align::right,
                           p_.weight_size, text_on(theme_, theme_.output)});
    scene.layers.push_back(Layer::make(Layer::Kind::moving, std::move(marks)));
    scene.layers.push_back(outputs_.prefix(index + 1));
    return scene;
  }

 private:
  // What an input-grid cell says: its value or symbol; 0 in padding and inserted zeros when they are
  // shown (not in a max pooling's padding, which is -inf there and never picked).
  std::optional<Text> cell_text(Cell at) const {
    const Point centre = planes_[0].point(at);
    if (const auto unit = trace_.grid.input_at(at)) {
      // A symbol sits a little high, leaving the weight's symbol room below it.
      if (symbolic_) return Text{input_symbol(trace_, 0, *unit), planes_[0].point(at, 0.5, symbol_height),
                                 Text::Align::centre, p_.value_size, cell_text_on(at)};
      if (trace_.values) return Text{value_text(trace_.input_value(0, *unit), decimals_), centre, Text::Align::centre,
                                     p_.value_size, cell_text_on(at)};
      return std::nullopt;
    }
    if (!show_zeros_ || trace_.scenario.operation == Operation::max_pooling) return std::nullopt;
    return Text{value_text(0, decimals_), centre, Text::Align::centre, p_.value_size, cell_text_on(at)};
  }

  RichText weight_text(std::size_t tap) const {
    return symbolic_ ? weight_symbol(trace_, 0, 0, tap) : RichText(value_text(trace_.applied_weight(0, 0, tap), decimals_));
  }

  // The kernel as the covered cells show it, on its own: weights at a readable size, on the
  // background like the labels.
  void add_kernel(std::vector<Shape>& out, const Plane& kernel) const {
    add_outlines(out, kernel, p_, theme_.grid_line);
    for (int a = 0; a < kernel.rows; ++a)
      for (int b = 0; b < kernel.cols; ++b)
        out.push_back(Text{weight_text(std::size_t(a * kernel.cols + b)), kernel.point({a, b}), Text::Align::centre,
                           p_.value_size * kernel_cell_ratio, theme_.text});
  }

  // Text on a cell of the input grid: a unit's fill, or the background of padding and inserted zeros.
  const Colour& cell_text_on(Cell cell) const {
    return text_on(theme_, trace_.grid.kind(cell) == CellKind::input ? theme_.input : theme_.background);
  }

  const Trace& trace_;
  const Theme theme_;
  Proportions p_;
  std::optional<Colour> background_;
  Layer base_, input_outlines_, input_values_, output_fills_, output_outlines_, outputs_;
  std::optional<int> decimals_;
  bool symbolic_ = false;
  bool show_zeros_ = false;
};

}  // namespace

std::unique_ptr<View> make_flat_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<FlatView>(trace, settings, build);
}

namespace {
// Flat with one channel; a grid per channel with several (channel_grids.cpp); strips in 1-D.
std::unique_ptr<View> make_flat_figure(const Trace& trace, const RenderSettings& settings, Build build) {
  const Scenario& s = trace.scenario;
  if (s.dims == 1) return make_strips_view(trace, settings, build);
  if (s.in_channels > 1 || s.out_channels > 1) return make_channel_columns_view(trace, settings, build);
  return make_flat_view(trace, settings, build);
}
}  // namespace

extern const ViewType flat_view{
    .name = "flat",
    .summary = "input and output side by side, the values in the cells, the kernel's weights under its taps "
               "(a grid per channel with channels): the numbers, and the step's equation",
    .cell_size = [](const Config&) { return default_flat_cell_size; },
    .make = make_flat_figure,
};

}  // namespace convanim
