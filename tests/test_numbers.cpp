// Numbers as the figures write them: one formatting for every view (integers without ".0", a fixed
// number of decimals on request), the equation of each step checked against sums worked out here
// from the config's own numbers (and PyTorch's, where noted), the mark on a max pooling's pick, the
// zeros in padding, and symbolic values.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "renderer/render.hpp"
#include "renderer/views/step_equation.hpp"
#include "renderer/views/value_text.hpp"
#include "src/config/config_error.hpp"
#include "src/config/scenario.hpp"
#include "renderer/outputs/step_path.hpp"
#include "support.hpp"

using namespace convanim;
using nlohmann::json;

namespace {

using Grid2 = std::vector<std::vector<double>>;

Figure figure_of(const json& config, RenderOverrides overrides = {}) {
  return prepare_figure(parse_config(config, "numbers.json", "numbers"), overrides);
}

std::string equation_text(const Figure& figure, std::size_t step) {
  const std::optional<Equation> e = figure.view->equation(step);
  REQUIRE(e.has_value());
  return test::tagged(e->text());
}

// How a factor is written: as an integer, negative ones in parentheses.
std::string factor(double v) {
  const std::string text = fmt::format("{}", static_cast<long long>(std::llround(v)));
  return v < 0 ? "(" + text + ")" : text;
}

// The line for a sum of products, built from the pairs the test worked out.
std::string sum_line(const std::string& lhs, const std::vector<std::pair<double, double>>& products,
                     std::optional<double> bias = std::nullopt) {
  std::string line = lhs + " =";
  double sum = 0;
  for (std::size_t i = 0; i < products.size(); ++i) {
    line += (i ? " + " : " ") + factor(products[i].first) + "·" + factor(products[i].second);
    sum += products[i].first * products[i].second;
  }
  if (bias) line += " + " + factor(*bias), sum += *bias;
  return line + " = " + fmt::format("{}", static_cast<long long>(std::llround(sum)));
}

json to_json(const Grid2& g) { return json(g); }

// Characters as a reader counts them (UTF-8 code points).
std::size_t code_points(const std::string& s) {
  return std::size_t(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

TEST_CASE("Numbers: integers are written without a decimal point, others with what they need", "[numbers]") {
  CHECK(value_text(6, std::nullopt) == "6");
  CHECK(value_text(-3, std::nullopt) == "-3");
  CHECK(value_text(-0.0, std::nullopt) == "0");
  CHECK(value_text(1'000'000, std::nullopt) == "1000000");
  CHECK(value_text(1.5, std::nullopt) == "1.5");
  CHECK(value_text(0.1 + 0.2, std::nullopt) == "0.3");
  CHECK(value_text(1.0 / 3, std::nullopt) == "0.33");
  CHECK(value_text(14.0 / 9, std::nullopt) == "1.56");
  CHECK(value_text(-0.0001, std::nullopt) == "0");
  // "decimals": exactly that many digits after the point.
  CHECK(value_text(3, 2) == "3.00");
  CHECK(value_text(1.5, 2) == "1.50");
  CHECK(value_text(-1.25, 1) == "-1.3");  // halves round away from zero
  CHECK(value_text(2.5, 0) == "3");
  CHECK(value_text(-0.01, 1) == "0.0");
  CHECK(value_text(1.0 / 3, 6) == "0.333333");
}

TEST_CASE("Numbers: the flat view writes integer outputs as integers, and every value with the decimals asked",
          "[numbers]") {
  const json config{{"operation", "convolution"}, {"input", 4}, {"kernel", 3}, {"values", {{"seed", 7}}}};
  const auto texts_of = [](const Figure& figure) {
    std::vector<std::string> out;
    const Scene scene = figure.view->scene(figure.trace.steps.size() - 1);
    for (const Layer& layer : scene.layers)
      for (std::size_t i = 0; i < layer.count; ++i)
        if (const auto* text = std::get_if<Text>(&(*layer.shapes)[i])) out.push_back(text->text.plain());
    return out;
  };
  const Figure plain = figure_of(config);
  std::size_t numbers = 0;
  for (const std::string& t : texts_of(plain))
    if (!t.empty() && (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-')) {
      ++numbers;
      INFO(t);
      CHECK(t.find('.') == std::string::npos);  // seeded values are integers: so are their sums
    }
  CHECK(numbers >= 16 + 4 + 9);  // the input, the outputs, the weights (in the cells and the kernel's grid)

  json with_decimals = config;
  with_decimals["render"] = {{"decimals", 2}};
  const Figure two = figure_of(with_decimals);
  std::size_t fixed = 0;
  for (const std::string& t : texts_of(two))
    if (!t.empty() && (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-')) {
      ++fixed;
      INFO(t);
      const auto point = t.find('.');
      REQUIRE(point != std::string::npos);
      CHECK(t.size() - point - 1 == 2);
    }
  CHECK(fixed == numbers);
  // ... and the equation too.
  CHECK(equation_text(two, 0).find(".00·") != std::string::npos);
}

TEST_CASE("Numbers: a convolution's equation lists the whole window, padding as 0, and its sum", "[numbers]") {
  const Grid2 x{{1, 2, 0, 3}, {2, 1, 1, 0}, {0, 3, 2, 1}, {1, 0, 1, 2}};
  const Grid2 w{{1, 0, -1}, {2, 1, 0}, {0, 1, 1}};
  const int stride = 2, padding = 1;
  const Figure figure = figure_of({{"operation", "convolution"}, {"input", 4}, {"kernel", 3}, {"stride", stride},
                                   {"padding", padding}, {"values", {{"input", to_json(x)}, {"kernel", to_json(w)}}}});
  // PyTorch: F.conv2d(x, w, padding=1, stride=2)[0, 0, 0, 0] == 4.
  CHECK(equation_text(figure, 0) == "y[0,0] = 0·1 + 0·0 + 0·(-1) + 0·2 + 1·1 + 2·0 + 0·0 + 2·1 + 1·1 = 4");
  for (std::size_t i = 0; i < figure.trace.steps.size(); ++i) {
    const Cell o = figure.trace.steps[i].output;
    std::vector<std::pair<double, double>> products;
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b) {
        const int r = o.row * stride + a - padding, c = o.col * stride + b - padding;
        const bool inside = r >= 0 && r < 4 && c >= 0 && c < 4;
        products.emplace_back(inside ? x[std::size_t(r)][std::size_t(c)] : 0.0, w[std::size_t(a)][std::size_t(b)]);
      }
    CHECK(equation_text(figure, i) == sum_line(fmt::format("y[{},{}]", o.row, o.col), products));
  }
  // The other views whose frame is a step say the same.
  for (const char* view : {"oblique", "flat"}) {
    RenderOverrides overrides;
    overrides.set("view", view);
    const Figure other = figure_of({{"operation", "convolution"}, {"input", 4}, {"kernel", 3}, {"stride", stride},
                                    {"padding", padding}, {"values", {{"input", to_json(x)}, {"kernel", to_json(w)}}}},
                                   overrides);
    CHECK(equation_text(other, 3) == equation_text(figure, 3));
  }
}

TEST_CASE("Numbers: max pooling's equation and pick, average pooling's divisor", "[numbers]") {
  const Grid2 m{{1, 3, 2, 0}, {3, 0, 5, 5}, {0, 4, 1, 1}, {4, 2, 1, 0}};
  const Figure max = figure_of(
      {{"operation", "max_pooling"}, {"input", 4}, {"kernel", 2}, {"stride", 2}, {"values", {{"input", to_json(m)}}}});
  CHECK(equation_text(max, 0) == "y[0,0] = max(1, 3, 3, 0) = 3");
  CHECK(equation_text(max, 1) == "y[0,1] = max(2, 0, 5, 5) = 5");
  // PyTorch's return_indices: [[1, 6], [9, 10]] (flat input indices): the first maximum, row-major.
  const std::vector<int> torch_indices{1, 6, 9, 10};
  for (std::size_t i = 0; i < 4; ++i) {
    const Step& step = max.trace.steps[i];
    const auto tap = picked_tap(max.trace, step);
    REQUIRE(tap);
    const Cell picked = step.window[*tap];
    CHECK(picked.row * 4 + picked.col == torch_indices[i]);
  }

  const Grid2 a{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  json avg{{"operation", "average_pooling"}, {"input", 3}, {"kernel", 2}, {"stride", 2}, {"padding", 1},
           {"values", {{"input", to_json(a)}}}};
  // PyTorch: F.avg_pool2d(a, 2, 2, padding=1) == [[0.25, 1.25], [2.75, 7]]; count_include_pad=False:
  // [[1, 2.5], [5.5, 7]].
  const Figure with_pad = figure_of(avg);
  CHECK(equation_text(with_pad, 0) == "y[0,0] = (0 + 0 + 0 + 1) / 4 = 0.25");
  CHECK(equation_text(with_pad, 1) == "y[0,1] = (0 + 0 + 2 + 3) / 4 = 1.25");
  CHECK(equation_text(with_pad, 3) == "y[1,1] = (5 + 6 + 8 + 9) / 4 = 7");
  avg["count_include_pad"] = false;
  const Figure without = figure_of(avg);
  CHECK(equation_text(without, 0) == "y[0,0] = (1) / 1 = 1");
  CHECK(equation_text(without, 2) == "y[1,0] = (4 + 7) / 2 = 5.5");
  // The divisor is written in the output cell's corner.
  const auto has_text = [](const Figure& figure, std::size_t step, const std::string& wanted) {
    const Scene scene = figure.view->scene(step);
    for (const Layer& layer : scene.layers)
      for (std::size_t i = 0; i < layer.count; ++i)
        if (const auto* text = std::get_if<Text>(&(*layer.shapes)[i]); text && text->text == wanted) return true;
    return false;
  };
  CHECK(has_text(with_pad, 0, "÷4"));
  CHECK(has_text(without, 2, "÷2"));
  CHECK_FALSE(has_text(without, 2, "÷4"));
}

TEST_CASE("Numbers: with channels, the equation sums every input channel of the filter, then the bias",
          "[numbers]") {
  // x[k][r][c], w[oc][k][a][b], b[oc]
  const std::vector<Grid2> x{{{1, 0, 2}, {3, 1, 0}, {0, 2, 1}}, {{2, 1, 0}, {0, 0, 3}, {1, 1, 1}}};
  const std::vector<std::vector<Grid2>> w{{{{1, -1}, {0, 2}}, {{1, 1}, {2, 0}}}, {{{0, 1}, {1, 0}}, {{-2, 1}, {0, 3}}}};
  const std::vector<double> bias{0.5, -1};
  const Figure figure = figure_of({{"operation", "convolution"}, {"input", 3}, {"kernel", 2}, {"in_channels", 2},
                                   {"out_channels", 2}, {"bias", true},
                                   {"values", {{"input", x}, {"kernel", w}, {"bias", bias}}}});
  for (std::size_t i = 0; i < figure.trace.steps.size(); ++i) {
    const Step& step = figure.trace.steps[i];
    const auto oc = std::size_t(step.output_channel);
    std::vector<std::pair<double, double>> products;
    double sum = bias[oc];
    std::string terms;
    for (std::size_t k = 0; k < 2; ++k)
      for (std::size_t a = 0; a < 2; ++a)
        for (std::size_t b = 0; b < 2; ++b) {
          const double xv = x[k][std::size_t(step.output.row) + a][std::size_t(step.output.col) + b], wv = w[oc][k][a][b];
          terms += (terms.empty() ? "" : " + ") + factor(xv) + "·" + factor(wv);
          sum += xv * wv;
        }
    const std::string bias_text = bias[oc] < 0 ? "(-1)" : "0.5";
    CHECK(equation_text(figure, i) == fmt::format("y[{},{},{}] = {} + {} = {}", oc, step.output.row, step.output.col,
                                                  terms, bias_text, value_text(sum, std::nullopt)));
  }
}

TEST_CASE("Numbers: a 1-D equation names the output by its position alone", "[numbers]") {
  const std::vector<double> x{1, 2, 3, 0, 1, 2}, w{1, 0, 2};
  const Figure figure = figure_of({{"operation", "convolution"}, {"input", {6}}, {"kernel", {3}}, {"padding", 1},
                                   {"values", {{"input", x}, {"kernel", w}}}});
  REQUIRE(figure.trace.steps.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    std::vector<std::pair<double, double>> products;
    for (std::size_t t = 0; t < 3; ++t) {
      const int at = int(i + t) - 1;
      products.emplace_back(at >= 0 && at < 6 ? x[std::size_t(at)] : 0.0, w[t]);
    }
    CHECK(equation_text(figure, i) == sum_line(fmt::format("y[{}]", i), products));
  }
}

TEST_CASE("Numbers: a transposed convolution's equation is the direct convolution over the stretched input",
          "[numbers]") {
  const Grid2 x{{1, 2}, {3, 4}}, w{{1, 2, 0}, {0, 1, -1}, {2, 0, 1}};
  const Figure figure = figure_of({{"operation", "transposed_convolution"}, {"input", 2}, {"kernel", 3}, {"stride", 2},
                                   {"values", {{"input", to_json(x)}, {"kernel", to_json(w)}}}});
  // PyTorch: F.conv_transpose2d(x, w, stride=2)[0, 0, 2, 2] == 9, from x[i]·w[o - 2i]:
  // 1·w[2,2] + 2·w[2,0] + 3·w[0,2] + 4·w[0,0] = 1·1 + 2·2 + 3·0 + 4·1.
  const auto step_at = [&](Cell o) {
    for (std::size_t i = 0; i < figure.trace.steps.size(); ++i)
      if (figure.trace.steps[i].output == o) return i;
    FAIL("no step writes output " << o.row << "," << o.col);
    return std::size_t{0};
  };
  CHECK(equation_text(figure, step_at({2, 2})) ==
        "y[2,2] = 1·1 + 0·0 + 2·2 + 0·(-1) + 0·1 + 0·0 + 3·0 + 0·2 + 4·1 = 9");
  // Every output: the terms that are not inserted zeros or padding are exactly the scatter's
  // products x[i]·w[o - s·i], and they add up to the result.
  for (std::size_t i = 0; i < figure.trace.steps.size(); ++i) {
    const Cell o = figure.trace.steps[i].output;
    std::vector<std::string> expected;
    double sum = 0;
    for (std::size_t r = 0; r < 2; ++r)
      for (std::size_t c = 0; c < 2; ++c) {
        const int a = o.row - 2 * int(r), b = o.col - 2 * int(c);
        if (a < 0 || a > 2 || b < 0 || b > 2) continue;
        const double wv = w[std::size_t(a)][std::size_t(b)];
        expected.push_back(factor(x[r][c]) + "·" + factor(wv));
        sum += x[r][c] * wv;
      }
    const Equation e = *figure.view->equation(i);
    std::vector<std::string> real;
    for (const RichText& term : e.terms)
      if (term.plain().rfind("0·", 0) != 0) real.push_back(term.plain());
    // x has no zeros, so a term starting "0·" is a zero the grid holds.
    std::sort(expected.begin(), expected.end());
    std::sort(real.begin(), real.end());
    INFO("output " << o.row << "," << o.col);
    CHECK(real == expected);
    CHECK(e.terms.size() == 9);
    CHECK(e.result == value_text(sum, std::nullopt));
  }
}

TEST_CASE("Numbers: a long equation gives way in the middle, keeping its ends and result", "[numbers]") {
  Equation e;
  e.lhs = "y[1,2]";
  for (int i = 0; i < 30; ++i) e.terms.push_back(fmt::format("{}·{}", i, i % 3));
  e.result = "999";
  const std::string full = e.text().plain();
  CHECK(full.find("…") == std::string::npos);
  CHECK(e.text(code_points(full)).plain() == full);
  for (std::size_t limit : {80, 60, 40, 30}) {
    const std::string line = e.text(limit).plain();
    INFO(line);
    CHECK(code_points(line) <= limit);
    CHECK(line.rfind("y[1,2] = 0·0 + ", 0) == 0);
    CHECK(line.find("…") != std::string::npos);
    CHECK(line.size() >= std::string(" + 29·2 = 999").size());
    CHECK(line.substr(line.size() - std::string(" + 29·2 = 999").size()) == " + 29·2 = 999");
  }
  // Too narrow for even the ends: the shortest line that keeps them.
  CHECK(e.text(5).plain() == "y[1,2] = 0·0 + … + 29·2 = 999");
  // A subscript counts its characters, as the rest.
  Equation marked = e;
  marked.lhs = subscripted("y", "1,2");
  CHECK(marked.text(40).length() <= 40);
  CHECK(marked.text(40).styled());
  // Three short terms: eliding the middle one would not shorten the line.
  Equation three;
  three.lhs = "y";
  three.terms = {"1", "2", "3"};
  three.result = "6";
  CHECK(three.text(3).plain() == "y = 1 + 2 + 3 = 6");
}

TEST_CASE("Numbers: a step with a huge window keeps a readable number of terms", "[numbers]") {
  const Figure figure = figure_of({{"operation", "convolution"}, {"input", 40}, {"kernel", 40}, {"values", {{"seed", 1}}},
                                   {"render", {{"view", "oblique"}}}});
  const Equation e = *figure.view->equation(0);
  CHECK(e.terms.size() == most_equation_terms + 1);
  CHECK(e.terms[most_equation_terms / 2].plain() == "…");
  CHECK(e.result == value_text(figure.trace.output_value(0, {0, 0}), std::nullopt));
}

TEST_CASE("Numbers: symbolic values name the cells and write the equation in symbols", "[numbers]") {
  const Figure figure = figure_of({{"operation", "convolution"}, {"input", 4}, {"kernel", 2}, {"padding", 1},
                                   {"values", "symbolic"}});
  CHECK(figure.trace.scenario.symbolic);
  CHECK_FALSE(figure.trace.values);
  CHECK(figure.settings.view == "flat");
  const Equation e = *figure.view->equation(0);
  CHECK(e.text().styled());
  CHECK(test::tagged(e.text()) == "y<sub>0,0</sub> = 0·w<sub>0,0</sub> + 0·w<sub>0,1</sub> + 0·w<sub>1,0</sub> + "
                    "x<sub>0,0</sub>·w<sub>1,1</sub>");
  // The cells are written in the same symbols, subscripted.
  const Scene scene = figure.view->scene(0);
  bool x = false, w = false;
  for (const Layer& layer : scene.layers)
    for (std::size_t i = 0; i < layer.count; ++i)
      if (const auto* text = std::get_if<Text>(&(*layer.shapes)[i])) {
        x = x || test::tagged(text->text) == "x<sub>3,3</sub>";
        w = w || test::tagged(text->text) == "w<sub>1,1</sub>";
      }
  CHECK(x);
  CHECK(w);
  // A transposed convolution's symbols name the stored weight its flipped tap applies.
  const Figure transposed = figure_of({{"operation", "transposed_convolution"}, {"input", 2}, {"kernel", 2},
                                       {"values", "symbolic"}});
  CHECK(test::tagged(transposed.view->equation(0)->text()) ==
        "y<sub>0,0</sub> = 0·w<sub>1,1</sub> + 0·w<sub>1,0</sub> + 0·w<sub>0,1</sub> + x<sub>0,0</sub>·w<sub>0,0</sub>");
  // Anything else is refused, naming what is allowed.
  try {
    parse_scenario({{"operation", "convolution"}, {"input", 4}, {"kernel", 2}, {"values", "symbols"}}, "bad.json", "x");
    FAIL("accepted \"values\": \"symbols\"");
  } catch (const ConfigError& error) {
    const std::string what = error.what();
    CHECK(what.find("/values") != std::string::npos);
    CHECK(what.find("allowed") != std::string::npos);
    CHECK(what.find("\"symbolic\"") != std::string::npos);
  }
}

namespace {

double colour_distance(const std::array<int, 3>& a, const Colour& c) {
  const double r = a[0] - c.r * 255, g = a[1] - c.g * 255, b = a[2] - c.b * 255;
  return std::sqrt(r * r + g * g + b * b);
}

// How many pixels of the box (u0, v0)-(u1, v1) of a cell are within 40 of `colour`.
int pixels_near(const test::Image& image, const Plane& plane, Cell cell, double u0, double v0, double u1, double v1,
                const Colour& colour) {
  const Point a = plane.point(cell, u0, v0), b = plane.point(cell, u1, v1);
  int n = 0;
  for (int y = int(std::floor(a.y)); y <= int(std::ceil(b.y)); ++y)
    for (int x = int(std::floor(a.x)); x <= int(std::ceil(b.x)); ++x) n += colour_distance(image.rgb(x, y), colour) < 40;
  return n;
}

test::Image rendered_step(const Figure& figure, std::size_t step, const test::TempDir& dir) {
  const auto path = dir.path() / "step.png";
  render_file(figure, path, FrameRange{step, step});
  const test::Image png = test::load_png(per_step_path(path, step, figure.trace.steps.size()));
  REQUIRE(png.width == figure.view->width());
  return png;
}

}  // namespace

TEST_CASE("Numbers: the max pooling's pick is ringed, in its cell only", "[numbers][pixels]") {
  const test::TempDir dir;
  const Grid2 m{{1, 3, 2, 0}, {3, 0, 5, 5}, {0, 4, 1, 1}, {4, 2, 1, 0}};
  for (const Theme& theme : themes()) {
    INFO("theme " << theme.name);
    const Figure figure = figure_of({{"operation", "max_pooling"}, {"input", 4}, {"kernel", 2}, {"stride", 2},
                                     {"values", {{"input", to_json(m)}}}, {"render", {{"theme", theme.name}}}});
    // Window (0, 1) holds 2, 0, 5, 5: PyTorch picks the first 5, input cell (1, 2).
    const Step& step = figure.trace.steps.at(1);
    const test::Image png = rendered_step(figure, 1, dir);
    const Plane& input = figure.view->plane("input");
    const Colour& ring = figure.settings.theme->cell_text;
    for (const Cell cell : step.window) {
      INFO("cell " << cell.row << "," << cell.col);
      // Each side of the ring, clear of the cell's outline and of the value in its middle.
      const int left = pixels_near(png, input, cell, 0.08, 0.4, 0.12, 0.6, ring);
      const int top = pixels_near(png, input, cell, 0.4, 0.08, 0.6, 0.12, ring);
      const int right = pixels_near(png, input, cell, 0.88, 0.4, 0.92, 0.6, ring);
      if (cell == Cell{1, 2}) {
        CHECK(left > 0);
        CHECK(top > 0);
        CHECK(right > 0);
      } else {
        CHECK(left == 0);
        CHECK(top == 0);
        CHECK(right == 0);
      }
    }
  }
}

TEST_CASE("Numbers: show_zeros writes 0 in padding and inserted zeros", "[numbers][pixels]") {
  const test::TempDir dir;
  for (const char* operation : {"convolution", "transposed_convolution"}) {
    json config{{"operation", operation}, {"input", 3}, {"kernel", 3}, {"padding", 1}, {"values", {{"seed", 4}}}};
    if (std::string(operation) == "transposed_convolution") config["stride"] = 2, config["padding"] = 0;
    for (const bool shown : {false, true}) {
      config["render"] = {{"show_zeros", shown}};
      const Figure figure = figure_of(config);
      const std::size_t last = figure.trace.steps.size() - 1;
      const test::Image png = rendered_step(figure, last, dir);
      const Plane& input = figure.view->plane("input");
      const auto& window = figure.trace.steps[last].window;
      int zeros = 0, checked = 0;
      for (int r = 0; r < input.rows; ++r)
        for (int c = 0; c < input.cols; ++c) {
          const Cell cell{r, c};
          if (figure.trace.grid.kind(cell) == CellKind::input ||
              std::find(window.begin(), window.end(), cell) != window.end())
            continue;
          ++checked;
          // A "0" is a ring of ink around the cell's middle.
          zeros += pixels_near(png, input, cell, 0.3, 0.3, 0.7, 0.7, figure.settings.theme->text) > 0;
        }
      INFO(operation << (shown ? " with" : " without") << " show_zeros");
      CHECK(checked > 4);
      CHECK(zeros == (shown ? checked : 0));
    }
  }
}

namespace {

// The equation line a scene writes under its figure: the text that starts "y[".
std::string scene_equation(const Figure& figure, std::size_t frame) {
  std::vector<std::string> lines;
  for (const auto& layer : figure.view->scene(frame).layers)
    for (const Shape& shape : *layer.shapes)
      if (const auto* text = std::get_if<Text>(&shape); text && text->text.plain().starts_with("y["))
        lines.push_back(text->text.plain());
  REQUIRE(lines.size() == 1);
  return lines[0];
}

}  // namespace

TEST_CASE("Numbers: an equation too long leaves out its zero terms first, never a product that counts",
          "[numbers][zero_terms]") {
  // Issue 22, item 5: "y[0,0] = 0·0 + 0·0 + 0·2 + … + 0·2 = 4", the one product that is not zero elided.
  Equation e;
  e.lhs = "y[0,0]";
  e.result = "4";
  for (int i = 0; i < 16; ++i) {
    const bool counts = i == 9;
    e.terms.push_back(counts ? "2·2" : fmt::format("0·{}", i % 3));
    e.zero.push_back(!counts);
  }
  CHECK(e.text().plain().find("…") == std::string::npos);
  CHECK(e.text(40).plain() == "y[0,0] = 2·2 + 15 zero terms = 4");
  // Every budget: a zero shown means every product that counts is shown; a "…" means no zero is.
  Equation mixed = e;
  for (std::size_t i : {2u, 5u, 11u, 14u}) mixed.terms[i] = fmt::format("{}·1", i), mixed.zero[i] = false;
  for (std::size_t limit = 5; limit <= 120; ++limit) {
    const std::string line = mixed.text(limit).plain();
    INFO(line);
    const bool zero_shown = line.find(" 0·") != std::string::npos;
    const bool elided = line.find("…") != std::string::npos;
    for (std::size_t i = 0; i < mixed.terms.size(); ++i)
      if (!mixed.zero[i] && zero_shown) CHECK(line.find(mixed.terms[i].plain()) != std::string::npos);
    if (elided) CHECK_FALSE(zero_shown);
    if (!zero_shown && line.find("zero term") == std::string::npos) CHECK(line == mixed.text().plain());
  }
  Equation one = e;
  one.terms.resize(2), one.zero.resize(2), one.terms.push_back("2·2"), one.zero.push_back(false);
  CHECK(one.text(10).plain() == "y[0,0] = 2·2 + 2 zero terms = 4");
}

TEST_CASE("Numbers: a transposed convolution's equation keeps its products that count and counts its zeros",
          "[numbers][zero_terms]") {
  // The guide's stretched input: a 4x4 kernel over zeros inserted between the units, and padding.
  for (const bool canvas : {false, true}) {
    json config{{"operation", "transposed_convolution"}, {"input", 3}, {"kernel", 4}, {"stride", 2}, {"padding", 1},
                {"values", {{"seed", 3}}}, {"render", {{"view", "oblique"}, {"equation", true}}}};
    if (canvas) config["render"]["canvas"] = {1920, 1080};
    const Figure figure = figure_of(config);
    std::size_t noted = 0;
    for (std::size_t f = 0; f < figure.frames(); ++f) {
      const Equation e = *figure.view->equation(f);
      const std::string line = scene_equation(figure, f);
      CAPTURE(canvas, f, line);
      CHECK(line.find("…") == std::string::npos);
      if (line.find("zero term") == std::string::npos) {
        CHECK(line == e.text().plain());
        continue;
      }
      ++noted;
      CHECK(line.find(fmt::format("{} zero term", e.zero_count())) != std::string::npos);
      for (std::size_t i = 0; i < e.terms.size(); ++i)
        if (!e.zero[i]) CHECK(line.find(e.terms[i].plain()) != std::string::npos);
    }
    if (!canvas) CHECK(noted > 0);  // 16 terms do not fit the figure at its own size
  }
}

TEST_CASE("Numbers: a 3x3 sum that fits is written in full", "[numbers][zero_terms]") {
  for (const char* view : {"oblique", "flat"})
    for (const bool canvas : {false, true}) {
      json config = json::parse(std::ifstream(CONVANIM_SOURCE_DIR "/configs/guide/numerical_padding_strides.json"));
      config["render"] = {{"view", view}, {"equation", true}};
      if (canvas) config["render"]["canvas"] = {1920, 1080};
      const Figure figure = figure_of(config);
      for (std::size_t f = 0; f < figure.frames(); ++f) {
        const std::string line = scene_equation(figure, f);
        CAPTURE(view, canvas, f, line);
        CHECK(line == figure.view->equation(f)->text().plain());
        CHECK(figure.view->equation(f)->terms.size() == 9);
      }
    }
}
