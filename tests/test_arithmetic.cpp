// Per-axis arithmetic (output_size, equivalent_convolution), the padding schemes, the guide's 15
// relationships and its figure table, each against a count or formula computed here.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "src/arithmetic/arithmetic.hpp"
#include "src/arithmetic/guide_figures.hpp"
#include "src/arithmetic/padding.hpp"
#include "src/arithmetic/relationships.hpp"

using namespace convanim;

// For brute-force loops: the case is captured only when a check fails, which keeps tight loops fast
// in sanitizer builds.
#define LOOP_REQUIRE(condition, ...) \
  do {                               \
    if (!(condition)) {              \
      CAPTURE(__VA_ARGS__);          \
      REQUIRE(condition);            \
    }                                \
  } while (false)

namespace {

// Floor division for the guide's formulas, written out so it does not lean on the code under test.
int floor_div(int numerator, int denominator) {
  return static_cast<int>(std::floor(static_cast<double>(numerator) / static_cast<double>(denominator)));
}

// The number of kernel placements over a 1-D grid of `size` cells: starts 0, s, 2s, ... whose last
// tap (start + d(k - 1)) is still inside.
int count_positions(int size, int kernel, int stride, int dilation) {
  int count = 0;
  for (int start = 0; start + dilation * (kernel - 1) < size; start += stride) ++count;
  return count;
}

Axis make_axis(int i, int k, int s, int d, int p_begin, int p_end, int output_padding = 0) {
  Axis a;
  a.input = i;
  a.kernel = k;
  a.stride = s;
  a.dilation = d;
  a.padding_begin = p_begin;
  a.padding_end = p_end;
  a.output_padding = output_padding;
  return a;
}

// ---- A tiny evaluator for the relationship's worked form: "o = floor((5 + 2*1 - 3)/2) + 1 = 3".
// Grammar: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary | implicit)*;
// unary := '-' unary | atom; atom := number | '(' sum ')' | "floor" '(' sum ')'. A number or ')'
// followed directly by '(' multiplies ("2(3 - 1)", "(3 - 1)(2 - 1)").
class Evaluator {
 public:
  explicit Evaluator(std::string_view text) : text_(text) {}

  double evaluate() {
    const double value = sum();
    skip_spaces();
    if (pos_ != text_.size()) throw std::runtime_error("trailing text in: " + std::string(text_));
    return value;
  }

 private:
  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  char peek() {
    skip_spaces();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  void expect(char c) {
    if (peek() != c) throw std::runtime_error(std::string("expected ") + c + " in: " + std::string(text_));
    ++pos_;
  }
  double sum() {
    double value = product();
    for (;;) {
      const char c = peek();
      if (c == '+') {
        ++pos_;
        value += product();
      } else if (c == '-') {
        ++pos_;
        value -= product();
      } else {
        return value;
      }
    }
  }
  double product() {
    double value = unary();
    for (;;) {
      const char c = peek();
      if (c == '*') {
        ++pos_;
        value *= unary();
      } else if (c == '/') {
        ++pos_;
        value /= unary();
      } else if (c == '(') {
        value *= unary();  // implicit multiplication
      } else {
        return value;
      }
    }
  }
  double unary() {
    if (peek() == '-') {
      ++pos_;
      return -unary();
    }
    return atom();
  }
  double atom() {
    const char c = peek();
    if (c == '(') {
      ++pos_;
      const double value = sum();
      expect(')');
      return value;
    }
    if (text_.substr(pos_, 5) == "floor") {
      pos_ += 5;
      expect('(');
      const double value = sum();
      expect(')');
      return std::floor(value);
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      double value = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])))
        value = value * 10 + (text_[pos_++] - '0');
      return value;
    }
    throw std::runtime_error("unexpected text in: " + std::string(text_));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Checks that every expression in "o = EXPR = ... = N" evaluates to `expected`.
void check_worked(const Relationship& rel, int expected) {
  INFO("worked: " << rel.worked);
  std::vector<std::string> parts;
  std::string_view rest = rel.worked;
  for (std::size_t eq; (eq = rest.find(" = ")) != std::string_view::npos; rest = rest.substr(eq + 3))
    parts.emplace_back(rest.substr(0, eq));
  parts.emplace_back(rest);
  REQUIRE(parts.size() >= 2);
  CHECK((parts.front() == "o" || parts.front() == "o'"));
  for (std::size_t n = 1; n < parts.size(); ++n) {
    if (parts[n] == "i" || parts[n] == "i'") continue;  // "o = i = 5"
    double value = 0;
    REQUIRE_NOTHROW(value = Evaluator(parts[n]).evaluate());
    CHECK(value == Approx(expected));
  }
  CHECK(!rel.formula.empty());
}

}  // namespace

TEST_CASE("output_size of a convolution equals the count of kernel placements", "[arithmetic]") {
  int fitting = 0, not_fitting = 0;
  for (int i = 1; i <= 12; ++i)
    for (int k = 1; k <= 5; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int pb = 0; pb <= 4; ++pb)
          for (int pe = 0; pe <= 4; ++pe)
            for (int d = 1; d <= 3; ++d) {
              const Axis a = make_axis(i, k, s, d, pb, pe);
              const int padded = pb + i + pe;
              const int brute = count_positions(padded, k, s, d);
              const bool fits = d * (k - 1) + 1 <= padded;
              // Max pooling uses the same sliding window.
              if (fits) {
                ++fitting;
                LOOP_REQUIRE(output_size(Operation::convolution, a) == brute, i, k, s, pb, pe, d);
                LOOP_REQUIRE(output_size(Operation::max_pooling, a) == brute, i, k, s, pb, pe, d);
                LOOP_REQUIRE(output_size(Operation::average_pooling, a) == brute, i, k, s, pb, pe, d);
              } else {
                ++not_fitting;
                LOOP_REQUIRE(brute == 0, i, k, s, pb, pe, d);
                LOOP_REQUIRE(output_size(Operation::convolution, a) < 1, i, k, s, pb, pe, d);
              }
              LOOP_REQUIRE(a.effective_kernel() == d * (k - 1) + 1, i, k, s, pb, pe, d);
              LOOP_REQUIRE(a.total_padding() == pb + pe, i, k, s, pb, pe, d);
            }
  CHECK(fitting + not_fitting == 12 * 5 * 4 * 5 * 5 * 3);
  CHECK(fitting > 0);
  CHECK(not_fitting > 0);
}

TEST_CASE("output_size of a transposed convolution equals the extent of its scatter", "[arithmetic]") {
  int cases = 0;
  std::vector<double> input, kernel, scattered, direct;
  for (int i = 1; i <= 12; ++i)
    for (int k = 1; k <= 5; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int d = 1; d <= 3; ++d)
          for (int op = 0; op < std::max(s, d); ++op)
            for (int pb = 0; pb <= 4; ++pb)
              for (int pe = 0; pe <= 4; ++pe) {
                const Axis a = make_axis(i, k, s, d, pb, pe, op);
                // Uncropped scatter: unit j reaches j*s + t*d; the output spans 0 to the last reached
                // cell, output_padding more at the end, then p_begin and p_end cropped.
                int last = 0;
                for (int j = 0; j < i; ++j)
                  for (int t = 0; t < k; ++t) last = std::max(last, j * s + t * d);
                const int length = last + 1 + op - pb - pe;
                LOOP_REQUIRE(length == (i - 1) * s + d * (k - 1) + 1 + op - pb - pe, i, k, s, d, op, pb, pe);
                if (length < 1) {
                  LOOP_REQUIRE(output_size(Operation::transposed_convolution, a) < 1, i, k, s, d, op, pb, pe);
                  continue;
                }
                ++cases;
                LOOP_REQUIRE(output_size(Operation::transposed_convolution, a) == length, i, k, s, d, op, pb, pe);
                LOOP_REQUIRE(max_output_padding(a) == std::max(s, d) - 1, i, k, s, d, op, pb, pe);

                // The equivalent direct convolution: a stretched grid with s - 1 zeros between units.
                int stretched = 0;
                for (int j = 0; j < i; ++j) stretched = j * s + 1;
                const EquivalentConvolution e = equivalent_convolution(a);
                LOOP_REQUIRE(e.stretched_input == stretched, i, k, s, d, op, pb, pe);
                LOOP_REQUIRE(e.padding_begin == d * (k - 1) - pb, i, k, s, d, op, pb, pe);
                LOOP_REQUIRE(e.padding_end == d * (k - 1) - pe + op, i, k, s, d, op, pb, pe);
                LOOP_REQUIRE(e.extra == op, i, k, s, d, op, pb, pe);
                LOOP_REQUIRE(e.grid == e.padding_begin + stretched + e.padding_end, i, k, s, d, op, pb, pe);
                LOOP_REQUIRE(count_positions(e.grid, k, 1, d) == length, i, k, s, d, op, pb, pe);

                // And the two really compute the same thing: scatter vs. stride-1 correlation with
                // the flipped kernel over the stretched grid (whose first cell may be cropped away).
                input.assign(std::size_t(i), 0);
                kernel.assign(std::size_t(k), 0);
                for (int j = 0; j < i; ++j) input[std::size_t(j)] = 1 + j * 3 % 7;
                for (int t = 0; t < k; ++t) kernel[std::size_t(t)] = 1 + t * t + 2 * t;  // not symmetric
                scattered.assign(std::size_t(length), 0);
                for (int j = 0; j < i; ++j)
                  for (int t = 0; t < k; ++t) {
                    const int at = j * s - pb + t * d;
                    if (at >= 0 && at < length)
                      scattered[std::size_t(at)] += input[std::size_t(j)] * kernel[std::size_t(t)];
                  }
                direct.assign(std::size_t(length), 0);
                for (int r = 0; r < length; ++r)
                  for (int tap = 0; tap < k; ++tap) {
                    const int offset = r + tap * d - e.padding_begin;  // into the stretched input
                    if (offset < 0 || offset % s != 0 || offset / s >= i) continue;
                    direct[std::size_t(r)] += input[std::size_t(offset / s)] * kernel[std::size_t(k - 1 - tap)];
                  }
                LOOP_REQUIRE(direct == scattered, i, k, s, d, op, pb, pe);
              }
  CHECK(cases > 1000);
}

TEST_CASE("operation names round-trip", "[arithmetic]") {
  for (Operation op : {Operation::convolution, Operation::transposed_convolution, Operation::max_pooling,
                       Operation::average_pooling})
    CHECK(operation_from_string(to_string(op)) == op);
  CHECK(to_string(Operation::transposed_convolution) == "transposed_convolution");
  CHECK_FALSE(operation_from_string("conv").has_value());
  CHECK(is_pooling(Operation::max_pooling));
  CHECK(is_pooling(Operation::average_pooling));
  CHECK_FALSE(is_pooling(Operation::convolution));
  CHECK_FALSE(is_pooling(Operation::transposed_convolution));
}

TEST_CASE("padding schemes", "[arithmetic][padding]") {
  const auto resolve = [](Operation op, PaddingScheme scheme, const Axis& h, const Axis& w) {
    Axes axes{h, w};
    resolve_padding(op, PaddingSpec{scheme, {}}, axes);
    return axes;
  };

  SECTION("names") {
    for (std::string_view name : {"valid", "same", "full", "half"}) {
      const auto scheme = padding_scheme_from_string(name);
      REQUIRE(scheme.has_value());
      CHECK(to_string(*scheme) == name);
    }
    CHECK_FALSE(padding_scheme_from_string("SAME").has_value());
  }

  SECTION("same: output ceil(i/s), the smallest total, the odd cell at the end") {
    for (Operation op : {Operation::convolution, Operation::max_pooling})
      for (int i = 1; i <= 12; ++i)
        for (int k = 1; k <= 5; ++k)
          for (int s = 1; s <= 4; ++s)
            for (int d = 1; d <= 3; ++d) {
              CAPTURE(i, k, s, d);
              const Axis h = make_axis(i, k, s, d, 7, 7), w = make_axis(i + 1, k, s, d, 7, 7);
              const Axes axes = resolve(op, PaddingScheme::same, h, w);
              for (const Axis& a : axes) {
                const int want = (a.input + s - 1) / s;
                int smallest = 0;  // the least total padding giving that many placements
                while (count_positions(a.input + smallest, k, s, d) < want) ++smallest;
                CHECK(a.total_padding() == smallest);
                CHECK(a.padding_end - a.padding_begin == smallest % 2);  // odd cell: bottom/right
                CHECK(count_positions(a.padding_begin + a.input + a.padding_end, k, s, d) == want);
                CHECK(output_size(op, a) == want);
              }
            }
  }

  SECTION("same for a transposed convolution: the forward convolution's padding") {
    for (int i = 1; i <= 8; ++i)
      for (int k = 1; k <= 5; ++k)
        for (int s = 1; s <= 4; ++s)
          for (int d = 1; d <= 3; ++d) {
            CAPTURE(i, k, s, d);
            const Axis a = make_axis(i, k, s, d, 9, 9);
            const Axes axes = resolve(Operation::transposed_convolution, PaddingScheme::same, a, a);
            const int total = std::max(d * (k - 1) + 1 - s, 0);
            CHECK(axes[0].padding_begin == total / 2);
            CHECK(axes[0].padding_end == total - total / 2);
            // TensorFlow's conv2d_transpose with "SAME" gives i*s when the kernel spans a stride.
            if (d * (k - 1) + 1 >= s) CHECK(output_size(Operation::transposed_convolution, axes[0]) == i * s);
          }
  }

  SECTION("full, half, valid") {
    for (int i = 1; i <= 8; ++i)
      for (int k = 1; k <= 5; ++k)
        for (int d = 1; d <= 3; ++d) {
          CAPTURE(i, k, d);
          const Axis a = make_axis(i, k, 1, d, 3, 1);
          const Axes full = resolve(Operation::convolution, PaddingScheme::full, a, a);
          CHECK(full[1].padding_begin == d * (k - 1));
          CHECK(full[1].padding_end == d * (k - 1));
          CHECK(output_size(Operation::convolution, full[1]) == i + d * (k - 1));
          const Axes half = resolve(Operation::convolution, PaddingScheme::half, a, a);
          CHECK(half[0].padding_begin == k / 2);
          CHECK(half[0].padding_end == k / 2);
          if (k % 2 == 1 && d == 1) CHECK(output_size(Operation::convolution, half[0]) == i);
          const Axes valid = resolve(Operation::convolution, PaddingScheme::valid, a, a);
          CHECK(valid[0].padding_begin == 0);
          CHECK(valid[0].padding_end == 0);
          CHECK(valid[1].total_padding() == 0);
        }
  }

  SECTION("explicit sides: top, bottom, left, right") {
    Axes axes{make_axis(5, 3, 1, 1, 0, 0), make_axis(6, 3, 1, 1, 0, 0)};
    resolve_padding(Operation::convolution, PaddingSpec{std::nullopt, {1, 2, 3, 4}}, axes);
    CHECK(axes[0].padding_begin == 1);
    CHECK(axes[0].padding_end == 2);
    CHECK(axes[1].padding_begin == 3);
    CHECK(axes[1].padding_end == 4);
    const PaddingSpec uniform = PaddingSpec::uniform(2);
    CHECK_FALSE(uniform.scheme.has_value());
    CHECK(uniform.sides == std::array<int, 4>{2, 2, 2, 2});
  }
}

TEST_CASE("the guide's relationships for direct convolutions", "[arithmetic][relationships]") {
  std::array<int, 16> seen{};
  for (int i = 1; i <= 12; ++i)
    for (int k = 1; k <= 5; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int p = 0; p <= 4; ++p)
          for (int d = 1; d <= 3; ++d) {
            if (i + 2 * p < d * (k - 1) + 1) continue;  // the kernel does not fit
            CAPTURE(i, k, s, p, d);
            const Axis a = make_axis(i, k, s, d, p, p);
            const int o = count_positions(i + 2 * p, k, s, d);
            // Relationship 15 (and 6 for d = 1) holds for every case.
            REQUIRE(floor_div(i + 2 * p - k - (k - 1) * (d - 1), s) + 1 == o);

            int number = 0, formula = 0;
            if (d > 1) {
              number = 15, formula = floor_div(i + 2 * p - k - (k - 1) * (d - 1), s) + 1;
            } else if (s == 1 && p == 0) {
              number = 1, formula = i - k + 1;
            } else if (s == 1 && k % 2 == 1 && p == k / 2) {
              number = 3, formula = i;
            } else if (s == 1 && p == k - 1) {
              number = 4, formula = i + k - 1;
            } else if (s == 1) {
              number = 2, formula = i - k + 2 * p + 1;
            } else if (p == 0) {
              number = 5, formula = floor_div(i - k, s) + 1;
            } else {
              number = 6, formula = floor_div(i + 2 * p - k, s) + 1;
            }
            REQUIRE(formula == o);
            const auto rel = guide_relationship(Operation::convolution, a);
            REQUIRE(rel.has_value());
            CHECK(rel->number == number);
            CHECK(rel->output == o);
            CHECK(rel->output == output_size(Operation::convolution, a));
            check_worked(*rel, o);
            ++seen[std::size_t(number)];

            // Pooling: relationship 7 without padding or dilation, none otherwise.
            for (Operation pool : {Operation::max_pooling, Operation::average_pooling}) {
              const auto pooled = guide_relationship(pool, a);
              if (p == 0 && d == 1) {
                REQUIRE(pooled.has_value());
                CHECK(pooled->number == 7);
                CHECK(pooled->output == floor_div(i - k, s) + 1);
                CHECK(pooled->output == output_size(pool, a));
                check_worked(*pooled, o);
                ++seen[7];
              } else {
                CHECK_FALSE(pooled.has_value());
              }
            }
            // Uneven padding is outside the guide.
            if (p > 0) {
              CHECK_FALSE(guide_relationship(Operation::convolution, make_axis(i, k, s, d, p, p - 1)).has_value());
              CHECK_FALSE(guide_relationship(Operation::convolution, make_axis(i, k, s, d, p - 1, p)).has_value());
            }
          }
  for (int number : {1, 2, 3, 4, 5, 6, 7, 15}) {
    CAPTURE(number);
    CHECK(seen[std::size_t(number)] > 0);
  }
}

TEST_CASE("the guide's relationships for transposed convolutions", "[arithmetic][relationships]") {
  std::array<int, 16> seen{};
  // Each transposed case is the transpose of a direct convolution i -> o with the same k, s, p.
  for (int i = 1; i <= 12; ++i)
    for (int k = 1; k <= 5; ++k)
      for (int s = 1; s <= 4; ++s)
        for (int p = 0; p <= 4; ++p) {
          if (i + 2 * p < k) continue;
          CAPTURE(i, k, s, p);
          const int o = floor_div(i + 2 * p - k, s) + 1;
          const int a_extra = (i + 2 * p - k) % s;  // the guide's a
          const Axis t = make_axis(o, k, s, 1, p, p, a_extra);
          // The transpose maps o back to i.
          REQUIRE(output_size(Operation::transposed_convolution, t) == i);
          const auto rel = guide_relationship(Operation::transposed_convolution, t);
          if (p > k - 1) {  // p' = k - p - 1 would be negative: not in the guide
            CHECK_FALSE(rel.has_value());
            continue;
          }
          const int ip = o;  // the guide's i'
          int number = 0, formula = 0;
          if (s == 1 && p == 0) {
            number = 8, formula = ip + (k - 1);
          } else if (s == 1 && k % 2 == 1 && p == k / 2) {
            number = 10, formula = ip;
          } else if (s == 1 && p == k - 1) {
            number = 11, formula = ip - (k - 1);
          } else if (s == 1) {
            number = 9, formula = ip + (k - 1) - 2 * p;
          } else if (a_extra == 0 && p == 0) {
            number = 12, formula = s * (ip - 1) + k;
          } else if (a_extra == 0) {
            number = 13, formula = s * (ip - 1) + k - 2 * p;
          } else {
            number = 14, formula = s * (ip - 1) + a_extra + k - 2 * p;
          }
          REQUIRE(formula == i);
          REQUIRE(rel.has_value());
          CHECK(rel->number == number);
          CHECK(rel->output == i);
          check_worked(*rel, i);
          ++seen[std::size_t(number)];
        }
  for (int number = 8; number <= 14; ++number) {
    CAPTURE(number);
    CHECK(seen[std::size_t(number)] > 0);
  }
  // The guide has no dilated transposed convolution, nor uneven padding.
  CHECK_FALSE(guide_relationship(Operation::transposed_convolution, make_axis(3, 3, 1, 2, 0, 0)).has_value());
  CHECK_FALSE(guide_relationship(Operation::transposed_convolution, make_axis(3, 3, 2, 1, 1, 0)).has_value());
}

TEST_CASE("a few relationships by hand", "[arithmetic][relationships]") {
  // The guide's own examples: i=5, k=3, s=2, p=1 -> o=3 (relationship 6).
  const auto six = guide_relationship(Operation::convolution, make_axis(5, 3, 2, 1, 1, 1));
  REQUIRE(six.has_value());
  CHECK(six->number == 6);
  CHECK(six->output == 3);
  CHECK(six->worked == "o = floor((5 + 2*1 - 3)/2) + 1 = 3");
  // Dilation: i=7, k=3, d=2 -> o=3 (relationship 15).
  const auto fifteen = guide_relationship(Operation::convolution, make_axis(7, 3, 1, 2, 0, 0));
  REQUIRE(fifteen.has_value());
  CHECK(fifteen->number == 15);
  CHECK(fifteen->output == 3);
  // padding_strides_odd_transposed: i'=3, k=3, s=2, p=1, a=1 -> 6 (relationship 14).
  const auto fourteen = guide_relationship(Operation::transposed_convolution, make_axis(3, 3, 2, 1, 1, 1, 1));
  REQUIRE(fourteen.has_value());
  CHECK(fourteen->number == 14);
  CHECK(fourteen->output == 6);
}

namespace {
// The table of guide-figures.md (stem, numerical, i, o, p, k, s, d, operation), transcribed.
struct FigureRow {
  std::string_view stem;
  bool numerical;
  int i, o, p, k, s, d;
  Operation operation;
};
constexpr auto conv = Operation::convolution;
constexpr auto tconv = Operation::transposed_convolution;
constexpr std::array<FigureRow, 19> guide_table{{
    {"no_padding_no_strides", false, 4, 2, 0, 3, 1, 1, conv},
    {"no_padding_no_strides_transposed", false, 4, 2, 0, 3, 1, 1, tconv},
    {"arbitrary_padding_no_strides", false, 5, 6, 2, 4, 1, 1, conv},
    {"arbitrary_padding_no_strides_transposed", false, 5, 6, 2, 4, 1, 1, tconv},
    {"same_padding_no_strides", false, 5, 5, 1, 3, 1, 1, conv},
    {"same_padding_no_strides_transposed", false, 5, 5, 1, 3, 1, 1, tconv},
    {"full_padding_no_strides", false, 5, 7, 2, 3, 1, 1, conv},
    {"full_padding_no_strides_transposed", false, 5, 7, 2, 3, 1, 1, tconv},
    {"no_padding_strides", false, 5, 2, 0, 3, 2, 1, conv},
    {"no_padding_strides_transposed", false, 5, 2, 0, 3, 2, 1, tconv},
    {"padding_strides", false, 5, 3, 1, 3, 2, 1, conv},
    {"padding_strides_transposed", false, 5, 3, 1, 3, 2, 1, tconv},
    {"padding_strides_odd", false, 6, 3, 1, 3, 2, 1, conv},
    {"padding_strides_odd_transposed", false, 6, 3, 1, 3, 2, 1, tconv},
    {"dilation", false, 7, 3, 0, 3, 1, 2, conv},
    {"numerical_no_padding_no_strides", true, 5, 3, 0, 3, 1, 1, conv},
    {"numerical_padding_strides", true, 5, 3, 1, 3, 2, 1, conv},
    {"numerical_average_pooling", true, 5, 3, 0, 3, 1, 1, Operation::average_pooling},
    {"numerical_max_pooling", true, 5, 3, 0, 3, 1, 1, Operation::max_pooling},
}};
}  // namespace

TEST_CASE("the guide's 19 figures", "[arithmetic][guide]") {
  const auto figures = guide_figures();
  REQUIRE(figures.size() == guide_table.size());
  for (std::size_t n = 0; n < figures.size(); ++n) {
    const GuideFigure& f = figures[n];
    const FigureRow& want = guide_table[n];
    CAPTURE(want.stem);
    CHECK(f.stem == want.stem);
    CHECK(f.numerical == want.numerical);
    CHECK(f.i == want.i);
    CHECK(f.o == want.o);
    CHECK(f.p == want.p);
    CHECK(f.k == want.k);
    CHECK(f.s == want.s);
    CHECK(f.d == want.d);
    CHECK(f.operation == want.operation);

    const Axis a = f.axis();
    CHECK(a.kernel == want.k);
    CHECK(a.stride == want.s);
    CHECK(a.dilation == want.d);
    CHECK(a.padding_begin == want.p);
    CHECK(a.padding_end == want.p);
    const int frames = output_size(f.operation, a) * output_size(f.operation, a);
    if (want.operation == tconv) {
      CHECK(a.input == want.o);
      CHECK(output_size(f.operation, a) == want.i);
      CHECK(frames == want.i * want.i);
      // Only the odd figure needs an extra row and column.
      CHECK(a.output_padding == (want.stem == "padding_strides_odd_transposed" ? 1 : 0));
      CHECK(a.output_padding <= max_output_padding(a));
    } else {
      CHECK(a.input == want.i);
      CHECK(a.output_padding == 0);
      CHECK(count_positions(want.i + 2 * want.p, want.k, want.s, want.d) == want.o);
      CHECK(output_size(f.operation, a) == want.o);
      CHECK(frames == want.o * want.o);
    }
    if (want.stem == "full_padding_no_strides") CHECK(frames == 49);
    if (want.stem == "padding_strides_odd_transposed") CHECK(frames == 36);
  }
}
