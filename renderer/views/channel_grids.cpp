// The flat views of a layer with channels, one grid per channel, values in the cells when there are
// values: the kernel's slice written in each input channel it covers, each channel's partial sum
// beside it, the bias, and the output value they add up to.
//   2-D (columns): the input channels in a column on the left, the output channels on the right.
//   1-D (strips): a row of cells per channel, the input's strips below and the output's above, lines
//   from the footprint to the output cell, as in the pictures of WaveNet.
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "renderer/views/channel_slots.hpp"
#include "renderer/views/plane_shapes.hpp"
#include "renderer/views/step_equation.hpp"
#include "renderer/views/views.hpp"
#include "src/config/describe.hpp"

namespace convanim {
namespace {

enum class Arrangement { columns, strips };

constexpr double grid_gap_cells = 1.2;      // between the grids of a column (room for a label)
constexpr double strip_gap_cells = 0.5;     // between the strips of a stack
constexpr double columns_gap_cells = 4.0;   // between the input and output columns (the partial sums)
constexpr double strips_rise_cells = 2.5;   // between the input strips and the output strips above
constexpr double label_rise_cells = 0.5;    // columns: a label this far above its grid
constexpr double label_offset_cells = 0.3;  // strips: a label this far left of its strip
constexpr double sum_offset_cells = 0.4;    // partial sums this far right of their grid

class ChannelGridsView final : public View {
 public:
  ChannelGridsView(const Trace& trace, const RenderSettings& settings, Build build, Arrangement arrangement)
      : View(trace.steps.size()), trace_(trace), s_(trace.scenario), theme_(*settings.theme), p_(settings.cell_size),
        arrangement_(arrangement), in_slots_(s_.in_channels), out_slots_(s_.out_channels),
        values_(trace.values.has_value()), decimals_(settings.decimals),
        show_zeros_(settings.show_zeros) {
    place();
    std::vector<Text> texts;
    if (settings.labels) {
      for (int slot = 0; slot < in_slots_.slots(); ++slot)
        texts.push_back(label(input_grid(slot), in_slots_, slot, "input"));
      for (int slot = 0; slot < out_slots_.slots(); ++slot)
        texts.push_back(label(output_grid(slot), out_slots_, slot, "output"));
    }
    // Room for the sums: beside each input grid, and the total under them.
    const std::size_t reserved = texts.size();
    if (values_) {
      const std::string widest = "= " + widest_value();
      for (int slot = 0; slot < in_slots_.slots(); ++slot) texts.push_back(sum_text(slot, widest, 0));
      texts.push_back(sum_text(in_slots_.slots() - 1, "+ bias " + widest, 1));
      texts.push_back(sum_text(in_slots_.slots() - 1, widest, 2));
    }
    const Framed size = frame_figure(planes_, texts, settings.caption ? caption_text(s_) : "", p_, theme_.text);
    width_ = size.width;
    height_ = size.height;
    background_ = settings.transparent ? std::nullopt : std::optional(theme_.background);
    texts.erase(texts.begin() + std::ptrdiff_t(reserved), texts.end() - (settings.caption ? 1 : 0));
    if (build == Build::size_only) return;

    std::vector<Shape> base, values;
    for (int slot = 0; slot < in_slots_.slots(); ++slot)
      add_grid(base, values, input_grid(slot), false, in_slots_.channel_in(slot));
    for (int slot = 0; slot < out_slots_.slots(); ++slot)
      add_grid(base, values, output_grid(slot), true, out_slots_.channel_in(slot));
    base.insert(base.end(), texts.begin(), texts.end());
    base_ = Layer::make(Layer::Kind::fixed, std::move(base));
    input_values_ = Layer::make(Layer::Kind::fixed, std::move(values));
    if (values_) {
      // Outputs appear as they are computed: the layer of step n shows the first n + 1 of them.
      std::vector<Shape> outputs;
      for (const Step& step : trace.steps) {
        const Colour& fill = plane_colour(theme_, true, group_of_output(step.output_channel), s_.groups);
        outputs.push_back(Text{value_text(trace.output_value(step.output_channel, step.output), decimals_),
                               output_grid(out_slots_.slot_of(step.output_channel)).point(step.output),
                               Text::Align::centre, p_.value_size, text_on(theme_, fill)});
      }
      outputs_ = Layer::make(Layer::Kind::growing, std::move(outputs));
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
    const int oc = step.output_channel;
    const int first = s_.first_input_channel(oc), count = s_.input_channels_per_filter();
    const Plane& target = output_grid(out_slots_.slot_of(oc));
    std::vector<Shape> marks, texts;
    // Once per slot: the elision slot stands for up to a thousand channels, one footprint is enough.
    for (int k = 0, shaded = -1; k < count; ++k)
      if (const int slot = in_slots_.slot_of(first + k); slot != shaded)
        add_shaded(marks, input_grid(shaded = slot), step.window, theme_.shade);
    add_shaded(marks, target, {step.output}, theme_.shade);
    if (arrangement_ == Arrangement::strips) add_reach(marks, step, first, count, target);
    if (values_) add_arithmetic(texts, step, first, count);
    if (const auto tap = picked_tap(trace_, step))
      add_pick_ring(marks, input_grid(in_slots_.slot_of(first)), step.window[*tap], p_, theme_.cell_text,
                    theme_.background);
    // An average pooling's divisor where a convolution's weights would be: in the output cell's corner.
    if (values_ && s_.operation == Operation::average_pooling)
      texts.push_back(Text{fmt::format("÷{}", pooling_divisor(s_, step)),
                           target.point(step.output, p_.weight_at.x, p_.weight_at.y), Text::Align::right, p_.weight_size,
                           text_on(theme_, plane_colour(theme_, true, group_of_output(step.output_channel), s_.groups))});
    Scene scene{width_, height_, background_,
                {base_, Layer::make(Layer::Kind::moving, std::move(marks)), input_values_,
                 Layer::make(Layer::Kind::moving, std::move(texts))}};
    if (values_) scene.layers.push_back(outputs_.prefix(index + 1));
    return scene;
  }

 private:
  // The widest number the sums could need, to reserve room for them: a large value with every
  // decimal the formatting allows.
  std::string widest_value() const { return value_text(-(max_value_magnitude + 1.0 / 3), decimals_); }

  const Plane& input_grid(int slot) const { return planes_[std::size_t(slot)]; }
  const Plane& output_grid(int slot) const { return planes_[std::size_t(in_slots_.slots() + slot)]; }

  // Where every grid goes, before framing.
  void place() {
    const double cell = p_.cell;
    const int in_rows = trace_.grid.size[0], in_cols = trace_.grid.size[1];
    const int out_rows = trace_.output_size[0], out_cols = trace_.output_size[1];
    const Point column{cell, 0}, row_step{0, cell};
    const auto name = [](const std::string& role, const ChannelSlots& slots, int slot) {
      const int channel = slots.channel_in(slot);
      return channel < 0 ? role + " elided" : fmt::format("{} channel {}", role, channel);
    };
    if (arrangement_ == Arrangement::columns) {
      const double in_pitch = (in_rows + grid_gap_cells) * cell, out_pitch = (out_rows + grid_gap_cells) * cell;
      const double in_height = in_slots_.slots() * in_pitch, out_height = out_slots_.slots() * out_pitch;
      const double out_x = (in_cols + columns_gap_cells) * cell, out_y = (in_height - out_height) / 2;
      for (int slot = 0; slot < in_slots_.slots(); ++slot)
        planes_.push_back(Plane{name("input", in_slots_, slot), in_rows, in_cols, {0, slot * in_pitch}, column, row_step});
      for (int slot = 0; slot < out_slots_.slots(); ++slot)
        planes_.push_back(Plane{name("output", out_slots_, slot), out_rows, out_cols, {out_x, out_y + slot * out_pitch},
                                column, row_step});
      return;
    }
    // Strips: output strips on top, then the input strips, each a row of cells.
    const double pitch = (1 + strip_gap_cells) * cell;
    const double out_height = out_slots_.slots() * pitch;
    // Each output above the middle of its window when the kernel moves a cell at a time, above the
    // last input it sees when the padding is causal (WaveNet's picture); centred otherwise.
    const Axis& axis = s_.width();
    const double span = axis.effective_kernel();
    const double out_x = s_.padding.scheme == PaddingScheme::causal ? (span - 1) * cell
                         : trace_.grid.input_spacing[1] == 1 && axis.stride == 1 ? (span - 1) / 2 * cell
                                                                                 : (in_cols - out_cols) * cell / 2;
    for (int slot = 0; slot < in_slots_.slots(); ++slot)
      planes_.push_back(Plane{name("input", in_slots_, slot), 1, in_cols,
                              {0, out_height + strips_rise_cells * cell + slot * pitch}, column, row_step});
    for (int slot = 0; slot < out_slots_.slots(); ++slot)
      planes_.push_back(Plane{name("output", out_slots_, slot), 1, out_cols, {out_x, slot * pitch}, column, row_step});
  }

  Text label(const Plane& grid, const ChannelSlots& slots, int slot, const std::string& role) const {
    const int channel = slots.channel_in(slot);
    const std::string text = channel >= 0 ? channel_label(role, channel, slots.channels())
                                          : fmt::format("… {} more {} channels …", slots.elided(), role);
    if (arrangement_ == Arrangement::columns)
      return {text, grid.at(0, grid.cols / 2.0) + Point{0, -label_rise_cells * p_.cell}, Text::Align::centre,
              p_.label_size, theme_.text};
    return {text, grid.at(0.5, 0) + Point{-label_offset_cells * p_.cell, 0}, Text::Align::right, p_.label_size,
            theme_.text};
  }

  // A line of the arithmetic beside input grid `slot` (line 0), or under it (lines 1 and 2).
  Text sum_text(int slot, std::string text, int line) const {
    const Plane& grid = input_grid(slot);
    const Point anchor = grid.at(grid.rows / 2.0, grid.cols) + Point{sum_offset_cells * p_.cell, line * p_.value_size * 1.4};
    return {std::move(text), anchor, Text::Align::left, p_.value_size, theme_.text};
  }

  int group_of_input(int channel) const { return channel / std::max(1, s_.in_channels / s_.groups); }
  int group_of_output(int channel) const { return channel / std::max(1, s_.out_channels / s_.groups); }

  // A grid's fills and outlines into `out`; its values into `values` (drawn above the footprint).
  void add_grid(std::vector<Shape>& out, std::vector<Shape>& values, const Plane& grid, bool output,
                int channel) const {
    if (channel < 0) {
      add_outlines(out, grid, p_, theme_.grid_line, [](Cell) { return false; });
      return;
    }
    const auto is_unit = [&](Cell cell) { return output || trace_.grid.kind(cell) == CellKind::input; };
    const int group = output ? group_of_output(channel) : group_of_input(channel);
    const Colour& fill = plane_colour(theme_, output, group, s_.groups);
    add_fills(out, grid, fill, is_unit);
    add_outlines(out, grid, p_, theme_.grid_line, is_unit);
    if (output) return;
    // 0 in padding and inserted zeros when asked (not in a max pooling's padding: -inf, never picked).
    if (show_zeros_ && s_.operation != Operation::max_pooling)
      for (int r = 0; r < grid.rows; ++r)
        for (int c = 0; c < grid.cols; ++c)
          if (!trace_.grid.input_at({r, c}))
            values.push_back(Text{value_text(0, decimals_), grid.point({r, c}), Text::Align::centre, p_.value_size,
                                  text_on(theme_, theme_.background)});
    if (!values_) return;
    for (int r = 0; r < grid.rows; ++r)
      for (int c = 0; c < grid.cols; ++c)
        if (auto unit = trace_.grid.input_at({r, c}))
          values.push_back(Text{value_text(trace_.input_value(channel, *unit), decimals_), grid.point({r, c}),
                                Text::Align::centre, p_.value_size, text_on(theme_, fill)});
  }

  // Strips: a frame around the footprint across the strips it covers, and lines to the output cell.
  void add_reach(std::vector<Shape>& out, const Step& step, int first, int count, const Plane& target) const {
    const Plane &top = input_grid(in_slots_.slot_of(first)), &bottom = input_grid(in_slots_.slot_of(first + count - 1));
    const Cell left = step.window.front(), right = step.window.back();
    Path frame = quad_path({top.at(0, left.col), top.at(0, right.col + 1), bottom.at(1, right.col + 1),
                            bottom.at(1, left.col)});
    frame.stroke = Stroke{theme_.grid_line, p_.line_width};
    out.push_back(std::move(frame));
    Path lines;
    lines.closed = false;
    lines.stroke = Stroke{theme_.grid_line, std::min(p_.line_width * 0.6, 1.0), 0, false};
    lines.points = {top.at(0, left.col), target.at(1, step.output.col), top.at(0, right.col + 1),
                    target.at(1, step.output.col + 1)};
    lines.contours = {2, 2};
    out.push_back(std::move(lines));
  }

  // The weights under the taps, each channel's partial sum, the bias and the total.
  void add_arithmetic(std::vector<Shape>& out, const Step& step, int first, int count) const {
    const bool weights = trace_.values->kernel.has_value();
    for (int k = 0; k < count; ++k) {
      const int slot = in_slots_.slot_of(first + k);
      const Plane& grid = input_grid(slot);
      double partial = 0;
      for (std::size_t tap = 0; tap < step.window.size(); ++tap) {
        const double weight = weights ? trace_.applied_weight(step.output_channel, k, tap) : 1.0;
        // The elision slot's weights would be every elided channel's, written over one another.
        if (weights && in_slots_.channel_in(slot) >= 0)
          out.push_back(Text{value_text(weight, decimals_), grid.point(step.window[tap], p_.weight_at.x, p_.weight_at.y),
                             Text::Align::right, p_.weight_size, weight_text_on(first + k, step.window[tap])});
        if (auto unit = trace_.grid.input_at(step.window[tap])) partial += weight * trace_.input_value(first + k, *unit);
      }
      // The elision slot stands for many channels: its partial sum would not be one number.
      if (weights && in_slots_.channel_in(slot) >= 0) out.push_back(sum_text(slot, "= " + value_text(partial, decimals_), 0));
    }
    if (!weights) return;  // pooling: the output value itself tells
    const int last = in_slots_.slot_of(first + count - 1);
    if (trace_.values->bias) {
      const double bias = trace_.values->bias->data[std::size_t(step.output_channel)];
      out.push_back(sum_text(last, "+ bias " + value_text(bias, decimals_), 1));
    }
    if (count > 1 || trace_.values->bias)
      out.push_back(sum_text(last, "= " + value_text(trace_.output_value(step.output_channel, step.output), decimals_),
                             trace_.values->bias ? 2 : 1));
  }

  // A weight's colour on a cell of input channel `channel`: on the channel's fill, or the background.
  const Colour& weight_text_on(int channel, Cell cell) const {
    const bool unit = trace_.grid.kind(cell) == CellKind::input;
    return text_on(theme_, unit ? plane_colour(theme_, false, group_of_input(channel), s_.groups) : theme_.background);
  }

  const Trace& trace_;
  const Scenario& s_;
  const Theme theme_;
  Proportions p_;
  Arrangement arrangement_;
  ChannelSlots in_slots_, out_slots_;
  bool values_;
  std::optional<int> decimals_;
  bool show_zeros_;
  std::optional<Colour> background_;
  Layer base_, input_values_, outputs_;
};

}  // namespace

std::unique_ptr<View> make_channel_columns_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<ChannelGridsView>(trace, settings, build, Arrangement::columns);
}

std::unique_ptr<View> make_strips_view(const Trace& trace, const RenderSettings& settings, Build build) {
  return std::make_unique<ChannelGridsView>(trace, settings, build, Arrangement::strips);
}

}  // namespace convanim
