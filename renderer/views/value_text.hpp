// How every view and the equation write a number: the one place that decides, so that a value reads
// the same in a cell, beside a grid and in the step's equation.
#pragma once

#include <optional>
#include <string>

namespace convanim {

// Digits after the point a value gets when the settings ask for none in particular: enough for an
// average of a few cells (14 / 9 = 1.56), few enough to fit a cell at the default size.
inline constexpr int most_automatic_decimals = 2;

// With `decimals`, exactly that many digits after the point ("3.00"); without, an integer-valued
// number as an integer ("6", never "6.0") and any other with at most most_automatic_decimals digits,
// trailing zeros dropped ("1.5", "0.33"). Never "-0".
std::string value_text(double value, std::optional<int> decimals);

}  // namespace convanim
