// The pair view: a convolution and the transposed convolution that goes back, side by side. Frame j
// shows the convolution's step j (output cell j and its window on the input) and the transposed
// convolution scattering its input cell j onto exactly that window: the same cells light up in both,
// which is what "transpose" means for the connectivity.
#include <fmt/format.h>

#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/step_equation.hpp"
#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"
#include "src/simulate/transposition.hpp"

namespace convanim {
namespace {

constexpr double plane_gap_cells = 1.2;   // between a half's lower plane and the one above it
constexpr double halves_gap_cells = 3.0;  // between the convolution and the transposed convolution
constexpr double title_rise_cells = 1.0;  // each half's title, above it
constexpr double label_offset_cells = 0.3;

// The member of the pair the scenario did not give; a transposed convolution's convolution gets
// values (paired_values), so that a frame, a step of the convolution, has its equation.
Trace paired_trace(const Trace& trace) {
  Scenario pair = paired_scenario(trace.scenario);
  pair.values = paired_values(trace);
  return simulate(pair);
}

class PairView final : public View {
 public:
  PairView(const Trace& trace, const RenderSettings& settings, Build build)
      : View(0), theme_(*settings.theme), p_(settings.cell_size),
        other_(paired_trace(trace)),
        convolution_(trace.scenario.operation == Operation::convolution ? trace : other_),
        transposed_(trace.scenario.operation == Operation::convolution ? other_ : trace) {
    decimals_ = settings.decimals;
    frames_ = convolution_.steps.size();
    const double cell = p_.cell;
    const Scenario &c = convolution_.scenario, &t = transposed_.scenario;
    // The convolution: its padded input below, its output above. The transposed convolution: its
    // input (the convolution's output) below, its output above, drawn at the full extent of the
    // scatter, which is the convolution's padded input cell for cell.
    Plane conv_in = projected_plane("convolution input", convolution_.grid.size[0], convolution_.grid.size[1],
                                    Projection::oblique, cell);
    Plane conv_out = projected_plane("convolution output", c.output_height(), c.output_width(), Projection::oblique, cell);
    Plane tr_in = projected_plane("transposed input", t.height().input, t.width().input, Projection::oblique, cell);
    Plane tr_out = projected_plane("transposed output", conv_in.rows, conv_in.cols, Projection::oblique, cell);
    stack(conv_in, conv_out, cell);
    stack(tr_in, tr_out, cell);
    // The transposed half to the right of the convolution's, their lowest points level.
    const Box left = box_of(conv_in, conv_out), right = box_of(tr_in, tr_out);
    const Point shift{left.x1 + halves_gap_cells * cell - right.x0, left.y1 - right.y1};
    tr_in.origin = tr_in.origin + shift;
    tr_out.origin = tr_out.origin + shift;
    planes_ = {conv_in, conv_out, tr_in, tr_out};

    std::vector<Text> texts;
    const auto title = [&](const Plane& low, const Plane& high, std::string text) {
      const Box box = box_of(low, high);
      texts.push_back({std::move(text), {(box.x0 + box.x1) / 2, box.y0 - title_rise_cells * cell}, Text::Align::centre,
                       p_.label_size, theme_.text});
    };
    const auto size = [](const Scenario& s, int h, int w) {
      return s.dims == 1 ? std::to_string(w) : fmt::format("{}x{}", h, w);
    };
    title(conv_in, conv_out, fmt::format("convolution: {} -> {}", size(c, c.height().input, c.width().input),
                                         size(c, c.output_height(), c.output_width())));
    title(tr_in, tr_out, fmt::format("transposed: {} -> {}", size(t, t.height().input, t.width().input),
                                     size(t, t.output_height(), t.output_width())));
    if (settings.labels)
      for (const Plane& plane : planes_) {
        const bool input = plane.name.ends_with("input");
        texts.push_back({input ? "input" : "output", plane.at(0, 0) + Point{-label_offset_cells * cell, 0},
                         Text::Align::right, p_.label_size, theme_.text});
      }
    const Framed framed = frame_figure(planes_, texts, settings.caption ? caption_text(c) : "", p_, theme_.text);
    width_ = framed.width;
    height_ = framed.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    if (build == Build::size_only) return;

    std::vector<Shape> shapes;
    const auto conv_unit = [&](Cell cell_) { return convolution_.grid.kind(cell_) == CellKind::input; };
    const auto tr_unit = [&](Cell cell_) { return inside_transposed_output(cell_); };
    add_fills(shapes, planes_[0], theme_.input, conv_unit);
    add_outlines(shapes, planes_[0], p_, theme_.grid_line, conv_unit);
    add_fills(shapes, planes_[2], theme_.input);
    add_outlines(shapes, planes_[2], p_, theme_.grid_line);
    shapes.insert(shapes.end(), texts.begin(), texts.end());
    base_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
    shapes.clear();
    add_fills(shapes, planes_[1], theme_.output);
    add_outlines(shapes, planes_[1], p_, theme_.grid_line);
    add_fills(shapes, planes_[3], theme_.output, tr_unit);
    add_outlines(shapes, planes_[3], p_, theme_.grid_line, tr_unit);
    outputs_ = Layer::make(Layer::Kind::fixed, std::move(shapes));
  }

  bool glides(std::size_t from, std::size_t to) const override {
    return next_in_row(convolution_.steps.at(from), convolution_.steps.at(to));
  }

  // A frame is a step of the convolution: its equation, when the convolution has values.
  std::optional<Equation> equation(std::size_t frame) const override {
    return step_equation(convolution_, convolution_.steps.at(frame), decimals_);
  }

  Scene scene(std::size_t index) const override {
    const Step& step = convolution_.steps.at(index);
    const Plane &conv_in = planes_[0], &conv_out = planes_[1], &tr_in = planes_[2], &tr_out = planes_[3];
    std::vector<Shape> footprints, lines, targets;
    // The same window on both sides: the transposed output is the convolution's padded input, cell for cell.
    add_shaded(footprints, conv_in, step.window, theme_.shade);
    add_shaded(footprints, tr_in, {step.output}, theme_.shade);
    const int kw = convolution_.scenario.width().kernel;
    lines.push_back(footprint_connectors(conv_in, step.window, kw, conv_out, step.output, p_, theme_.grid_line));
    lines.push_back(footprint_connectors(tr_out, step.window, kw, tr_in, step.output, p_, theme_.grid_line));
    add_shaded(targets, conv_out, {step.output}, theme_.shade);
    add_shaded(targets, tr_out, step.window, theme_.shade);
    return {width_, height_, background_,
            {base_, Layer::make(Layer::Kind::moving, std::move(footprints)),
             Layer::make(Layer::Kind::moving, std::move(lines)), outputs_,
             Layer::make(Layer::Kind::moving, std::move(targets))}};
  }

 private:
  // Places `high` floating above `low`, centred, as the guide draws an output over its input.
  static void stack(Plane& low, Plane& high, double cell) {
    const Box l = low.box(), h = high.box();
    high.origin = {(l.x0 + l.x1) / 2 - (h.x0 + h.x1) / 2, l.y0 - plane_gap_cells * cell - h.y1};
  }

  static Box box_of(const Plane& a, const Plane& b) {
    Box box = a.box();
    box.add(b.box());
    return box;
  }

  // The cells of the transposed output plane that are the output, not the border the padding crops.
  bool inside_transposed_output(Cell cell) const {
    const Axis &h = transposed_.scenario.height(), &w = transposed_.scenario.width();
    const int r = cell.row - h.padding_begin, c = cell.col - w.padding_begin;
    return r >= 0 && r < transposed_.output_size[0] && c >= 0 && c < transposed_.output_size[1];
  }

  const Theme theme_;
  Proportions p_;
  Trace other_;  // the member of the pair the scenario did not give
  const Trace &convolution_, &transposed_;
  std::optional<Colour> background_;
  Layer base_, outputs_;
  std::optional<int> decimals_;
};

std::unique_ptr<View> make_pair_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<PairView>(trace, settings, build);
}

}  // namespace

std::optional<std::string> refuses_twin(const Scenario& s, std::string_view view) {
  if (is_pooling(s.operation))
    return fmt::format("the {} view draws a convolution or a transposed convolution, and pooling has no transpose",
                       view);
  if (s.in_channels > 1 || s.out_channels > 1)
    return fmt::format("the {} view draws one channel (in_channels = out_channels = 1), and this layer has {} -> {}",
                       view, s.in_channels, s.out_channels);
  if (s.operation == Operation::transposed_convolution)
    for (const Axis& a : s.axes) {
      // An output_padding of the stride or more (allowed when the dilation is larger) gives an output
      // whose convolution comes back to more units than this one's input: it has no exact twin.
      Axis forward = a;
      forward.input = output_size(s.operation, a);
      if (output_size(Operation::convolution, forward) != a.input)
        return fmt::format("the {} view needs the convolution this is the transpose of, and with output_padding {} "
                           "(not below the stride {}) there is none exactly",
                           view, a.output_padding, a.stride);
    }
  return std::nullopt;
}

extern const ViewType pair_view{
    .name = "pair",
    .summary = "a convolution and the transposed convolution that goes back, side by side, the same cells lit: "
               "why it is called transposed (one channel)",
    .refuses = [](const Scenario& s) { return refuses_twin(s, "pair"); },
    .cell_size = [](const Config& config) { return depth_cell_size(config); },
    .make = make_pair_view,
};

}  // namespace convanim
