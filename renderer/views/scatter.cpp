// The scatter view: a transposed convolution by its direct definition. Each frame is one input unit
// stamping the kernel, scaled by its value, onto the output at its position times the stride (taps
// spaced by the dilation); stamps that overlap add up. The output is drawn at its full, uncropped
// extent: the rows and columns the padding crops away are dashed, outside the output's border, and
// the output_padding rows and columns at the end are marked. With values, each output cell shows
// its running sum and the stamp writes its contributions small in the cells it touches.
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "renderer/views/channel_slots.hpp"
#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/view_type.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"
#include "src/simulate/transposition.hpp"

namespace convanim {
namespace {

constexpr double oblique_gap_cells = 1.2;  // oblique: between the output plane and the input below
constexpr double flat_gap_cells = 3.0;     // flat: between the input and the output (room for the lines)
constexpr double label_offset_cells = 0.3;
constexpr double label_rise_cells = 0.5;
constexpr double bracket_offset_cells = 0.2;     // output_padding brackets: this far outside the plane
constexpr double bracket_width_ratio = 2.5;      // ... and this much thicker than the outlines

// The extent of the output drawn along one axis: the uncropped scatter from -p_begin, and the output
// itself (which output_padding may extend past the scatter).
struct Extent {
  int offset = 0;  // plane cell of output coordinate 0
  int cells = 0;
};
Extent extent_of(const Axis& a, int output) {
  const int uncropped = (a.input - 1) * a.stride + a.dilation * (a.kernel - 1) + 1;
  return {a.padding_begin, std::max(uncropped - a.padding_begin, output) + a.padding_begin};
}

class ScatterView final : public View {
 public:
  ScatterView(const Trace& trace, const RenderSettings& settings, Build build)
      : View(0), trace_(trace), s_(trace.scenario), theme_(*settings.theme), p_(settings.cell_size),
        values_(trace.values.has_value()), labels_(settings.labels),
        decimals_(settings.decimals) {
    stamps_ = scatter(trace);
    frames_ = stamps_.size();
    rows_ = extent_of(s_.height(), trace.output_size[0]);
    cols_ = extent_of(s_.width(), trace.output_size[1]);
    const Projection projection = values_ || s_.dims == 1 ? Projection::flat : Projection::oblique;
    const double cell = p_.cell;
    Plane input = projected_plane("input", s_.height().input, s_.width().input, projection, cell);
    Plane output = projected_plane("output", rows_.cells, cols_.cells, projection, cell);
    const Box in = input.box(), out = output.box();
    output.origin = projection == Projection::oblique
                        ? Point{(in.x0 + in.x1) / 2 - (out.x0 + out.x1) / 2, in.y0 - oblique_gap_cells * cell - out.y1}
                        : Point{in.x1 + flat_gap_cells * cell, (in.y0 + in.y1) / 2 - (out.y0 + out.y1) / 2};
    planes_ = {input, output};
    flat_ = projection == Projection::flat;

    std::vector<Text> texts;
    if (labels_) {
      // Room for the widest channel labels; each frame names its own.
      texts.push_back(label(planes_[0], "input", s_.in_channels - 1, s_.in_channels));
      texts.push_back(label(planes_[1], "output", s_.out_channels - 1, s_.out_channels));
      if (has_output_padding()) texts.push_back(output_padding_label());
    }
    const Framed size = frame_figure(planes_, texts, settings.caption ? caption_text(s_) + ", as a scatter" : "",
                                     p_, theme_.text);
    width_ = size.width;
    height_ = size.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    if (settings.caption) caption_ = texts.back();
    (void)build;  // nothing is built ahead: each pair of channels' planes is made when first drawn
  }

  bool glides(std::size_t from, std::size_t to) const override {
    const Stamp &a = stamps_.at(from), &b = stamps_.at(to);
    return a.output_channel == b.output_channel && next_in_row(a.input_channel, a.input, b.input_channel, b.input);
  }

  Scene scene(std::size_t index) const override {
    const Stamp& stamp = stamps_.at(index);
    const Plane &input = planes_[0], &output = planes_[1];
    std::vector<Shape> marks, lines;
    add_shaded(marks, input, {stamp.input}, theme_.shade);
    std::vector<Cell> region;
    for (const ScatterWrite& write : stamp.writes) region.push_back(plane_cell(write.output));
    add_shaded(marks, output, region, theme_.shade);
    lines.push_back(connectors(stamp, region));
    Scene scene{width_, height_, background_,
                {base(stamp), Layer::make(Layer::Kind::moving, std::move(marks)),
                 Layer::make(Layer::Kind::moving, std::move(lines))}};
    if (values_) {
      scene.layers.insert(scene.layers.begin() + 2, input_values(stamp));
      scene.layers.push_back(Layer::make(Layer::Kind::moving, sums(index)));
    }
    return scene;
  }

 private:
  bool has_output_padding() const { return s_.height().output_padding > 0 || s_.width().output_padding > 0; }

  // Output coordinates (which may lie in the cropped border) to a cell of the drawn output plane.
  Cell plane_cell(Cell output) const { return {output.row + rows_.offset, output.col + cols_.offset}; }
  bool inside_output(Cell plane) const {
    const int r = plane.row - rows_.offset, c = plane.col - cols_.offset;
    return r >= 0 && r < trace_.output_size[0] && c >= 0 && c < trace_.output_size[1];
  }

  Text label(const Plane& plane, const std::string& role, int channel, int channels) const {
    const std::string text = channel_label(role, channel, channels);
    if (flat_)
      return {text, plane.at(0, plane.cols / 2.0) + Point{0, -label_rise_cells * p_.cell}, Text::Align::centre,
              p_.label_size, theme_.text};
    return {text, plane.at(0, 0) + Point{-label_offset_cells * p_.cell, 0}, Text::Align::right, p_.label_size,
            theme_.text};
  }

  // Beside the output's last rows and columns, which no padding crops: the output_padding.
  Text output_padding_label() const {
    const Plane& output = planes_[1];
    return {fmt::format("output_padding {}", axes_text(s_, s_.height().output_padding, s_.width().output_padding)),
            output.at(output.rows, output.cols) + Point{(label_offset_cells + bracket_offset_cells) * p_.cell, 0},
            Text::Align::left,
            p_.label_size, theme_.text};
  }

  // The planes of the stamp's input channel and output channel, with their labels: made once per pair.
  Layer base(const Stamp& stamp) const {
    std::lock_guard lock(mutex_);
    const std::pair key{stamp.input_channel, stamp.output_channel};
    if (const auto found = bases_.find(key); found != bases_.end()) return found->second;
    const Plane &input = planes_[0], &output = planes_[1];
    std::vector<Shape> shapes;
    const int group = stamp.output_channel / std::max(1, s_.out_channels / s_.groups);
    add_fills(shapes, input, plane_colour(theme_, false, group, s_.groups));
    add_outlines(shapes, input, p_, theme_.grid_line);
    const auto is_output = [&](Cell cell) { return inside_output(cell); };
    add_fills(shapes, output, plane_colour(theme_, true, group, s_.groups), is_output);
    add_outlines(shapes, output, p_, theme_.grid_line, is_output);
    if (has_output_padding()) add_output_padding_marks(shapes);
    if (labels_) {
      shapes.push_back(label(input, "input", stamp.input_channel, s_.in_channels));
      shapes.push_back(label(output, "output", stamp.output_channel, s_.out_channels));
      if (has_output_padding()) shapes.push_back(output_padding_label());
    }
    if (caption_) shapes.push_back(*caption_);
    const Layer layer = Layer::make(Layer::Kind::fixed, std::move(shapes));
    bases_.emplace(key, layer);
    return layer;
  }

  // The stamp's input channel's values, drawn above the shaded unit: made once per pair.
  Layer input_values(const Stamp& stamp) const {
    std::lock_guard lock(mutex_);
    const std::pair key{stamp.input_channel, stamp.output_channel};
    if (const auto found = input_values_.find(key); found != input_values_.end()) return found->second;
    const Plane& input = planes_[0];
    const int group = stamp.output_channel / std::max(1, s_.out_channels / s_.groups);
    const Colour& ink = text_on(theme_, plane_colour(theme_, false, group, s_.groups));
    std::vector<Shape> shapes;
    for (int r = 0; r < input.rows; ++r)
      for (int c = 0; c < input.cols; ++c)
        shapes.push_back(Text{value_text(trace_.input_value(stamp.input_channel, {r, c}), decimals_), input.point({r, c}),
                              Text::Align::centre, p_.value_size, ink});
    const Layer layer = Layer::make(Layer::Kind::fixed, std::move(shapes));
    input_values_.emplace(key, layer);
    return layer;
  }

  // The output_padding rows and columns: brackets beside them, outside the plane (their cells keep
  // their values readable). A thick line along the right side for the rows at the end, along the
  // bottom for the columns at the end.
  void add_output_padding_marks(std::vector<Shape>& out) const {
    const Plane& output = planes_[1];
    const double away = bracket_offset_cells;
    Path marks;
    marks.closed = false;
    marks.stroke = Stroke{theme_.grid_line, p_.line_width * bracket_width_ratio};
    const int end_row = rows_.offset + trace_.output_size[0], end_col = cols_.offset + trace_.output_size[1];
    if (const int rows = s_.height().output_padding; rows > 0) {
      marks.points.insert(marks.points.end(), {output.at(end_row - rows, output.cols + away), output.at(end_row, output.cols + away)});
      marks.contours.push_back(2);
    }
    if (const int cols = s_.width().output_padding; cols > 0) {
      marks.points.insert(marks.points.end(), {output.at(output.rows + away, end_col - cols), output.at(output.rows + away, end_col)});
      marks.contours.push_back(2);
    }
    if (!marks.points.empty()) out.push_back(std::move(marks));
  }

  // From the input unit's corners to the corners of the region its stamp covers.
  Shape connectors(const Stamp& stamp, const std::vector<Cell>& region) const {
    const Plane &input = planes_[0], &output = planes_[1];
    const auto unit = input.quad(stamp.input);
    const std::size_t per_row = std::size_t(s_.width().kernel);
    const std::array<Point, 4> target{output.quad(region.front())[0], output.quad(region[per_row - 1])[1],
                                      output.quad(region.back())[2],
                                      output.quad(region[region.size() - per_row])[3]};
    Path path;
    path.closed = false;
    path.stroke = Stroke{theme_.grid_line, std::min(p_.line_width * 0.6, 1.0), 0, false};
    for (std::size_t i = 0; i < 4; ++i) {
      path.points.insert(path.points.end(), {unit[i], target[i]});
      path.contours.push_back(2);
    }
    return path;
  }

  // Every cell's running sum after stamp `index` (its output channel's stamps so far, on the bias),
  // and the stamp's contributions small in the cells it touches.
  std::vector<Shape> sums(std::size_t index) const {
    const Stamp& stamp = stamps_[index];
    const Plane& output = planes_[1];
    const std::vector<double> running = running_sums(index);
    const int group = stamp.output_channel / std::max(1, s_.out_channels / s_.groups);
    const Colour& fill = plane_colour(theme_, true, group, s_.groups);
    // Cropped cells have no fill: their text stands on the background.
    const auto ink = [&](Cell cell) -> const Colour& {
      return text_on(theme_, inside_output(cell) ? fill : theme_.background);
    };
    std::vector<Shape> texts;
    for (int r = 0; r < output.rows; ++r)
      for (int c = 0; c < output.cols; ++c)
        texts.push_back(Text{value_text(running[std::size_t(r * output.cols + c)], decimals_), output.point({r, c}),
                             Text::Align::centre, p_.value_size, ink({r, c})});
    for (const ScatterWrite& write : stamp.writes)
      texts.push_back(Text{fmt::format("+{}", value_text(contribution(stamp, write), decimals_)),
                           output.point(plane_cell(write.output), p_.weight_at.x, p_.weight_at.y),
                           Text::Align::right, p_.weight_size, ink(plane_cell(write.output))});
    return texts;
  }

  // The sums after stamp `index`: carried on from the previous frame's when the frames come in order
  // (as they do), so that a figure costs linear time; else added up from its output channel's first.
  std::vector<double> running_sums(std::size_t index) const {
    std::lock_guard lock(mutex_);
    const Plane& output = planes_[1];
    const int oc = stamps_[index].output_channel;
    if (!summed_ || *summed_ + 1 != index || stamps_[*summed_].output_channel != oc) {
      std::size_t first = index;
      while (first > 0 && stamps_[first - 1].output_channel == oc) --first;
      running_.assign(std::size_t(output.rows * output.cols),
                      trace_.values->bias ? trace_.values->bias->data[std::size_t(oc)] : 0.0);
      for (std::size_t j = first; j < index; ++j) add_stamp(j);
    }
    add_stamp(index);
    summed_ = index;
    return running_;
  }

  void add_stamp(std::size_t j) const {
    for (const ScatterWrite& write : stamps_[j].writes) {
      const Cell cell = plane_cell(write.output);
      running_[std::size_t(cell.row * planes_[1].cols + cell.col)] += contribution(stamps_[j], write);
    }
  }

  // What one write adds: the input unit's value times the weight of its tap, as stored.
  double contribution(const Stamp& stamp, const ScatterWrite& write) const {
    const std::size_t kw = std::size_t(s_.width().kernel);
    const std::size_t flipped = (std::size_t(s_.height().kernel) - 1 - std::size_t(write.tap.row)) * kw +
                                (kw - 1 - std::size_t(write.tap.col));
    // applied_weight gives the equivalent convolution's flipped weight; flipping the tap undoes it.
    const int k = stamp.input_channel - s_.first_input_channel(stamp.output_channel);
    return trace_.input_value(stamp.input_channel, stamp.input) * trace_.applied_weight(stamp.output_channel, k, flipped);
  }

  const Trace& trace_;
  const Scenario& s_;
  const Theme theme_;
  Proportions p_;
  bool values_, labels_, flat_ = false;
  std::optional<int> decimals_;
  std::vector<Stamp> stamps_;
  Extent rows_, cols_;
  std::optional<Colour> background_;
  std::optional<Text> caption_;
  mutable std::mutex mutex_;
  mutable std::map<std::pair<int, int>, Layer> bases_, input_values_;
  mutable std::optional<std::size_t> summed_;  // the stamp running_ holds the sums after
  mutable std::vector<double> running_;
};

std::unique_ptr<View> make_scatter_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<ScatterView>(trace, settings, build);
}

}  // namespace

extern const ViewType scatter_view{
    .name = "scatter",
    .summary = "a transposed convolution by its definition: each input unit stamps the scaled kernel onto the "
               "output, and the stamps add up",
    .refuses = [](const Scenario& s) -> std::optional<std::string> {
      if (s.operation == Operation::transposed_convolution) return std::nullopt;
      return fmt::format("the scatter view draws a transposed convolution, and this is a {}", to_string(s.operation));
    },
    .cell_size = [](const Config& config) {
      return config.scenario()->values ? default_flat_cell_size : default_oblique_cell_size;
    },
    .make = make_scatter_view,
};

}  // namespace convanim
