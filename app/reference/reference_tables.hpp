// The README's reference tables, written from the lists they describe: the render option table
// (renderer/views/render_options.cpp), the views and the outputs as registered. A test compares the
// README with them, and rewrites it on request (tests/test_readme_tables.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace convanim {

struct ReferenceTable {
  std::string_view name;  // the README marks it `<!-- table: NAME -->` ... `<!-- end table -->`
  std::string markdown;
};

std::vector<ReferenceTable> reference_tables();

}  // namespace convanim
