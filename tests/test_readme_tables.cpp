// The README's tables of render keys, views and outputs are written from the lists themselves (the
// option table and the registries): each sits between `<!-- table: NAME -->` and
// `<!-- end table -->`. This test fails when one is stale; run it with CONVANIM_UPDATE_README=1 to
// write them, then review and commit the README.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "app/reference/reference_tables.hpp"
#include "tests/decode.hpp"

namespace fs = std::filesystem;

TEST_CASE("the README's reference tables are the option table and the registries", "[readme]") {
  const fs::path readme = fs::path(CONVANIM_SOURCE_DIR) / "README.md";
  std::string text = test::read_bytes(readme);
  const bool update = std::getenv("CONVANIM_UPDATE_README") != nullptr;
  for (const auto& table : convanim::reference_tables()) {
    INFO("README table " << table.name << ": run `CONVANIM_UPDATE_README=1 build/dev/tests/convanim_tests "
                                          "\"[readme]\"` and commit README.md");
    const std::string open = "<!-- table: " + std::string(table.name) + " -->\n", close = "<!-- end table -->";
    const std::size_t begin = text.find(open);
    REQUIRE(begin != std::string::npos);
    const std::size_t start = begin + open.size(), end = text.find(close, start);
    REQUIRE(end != std::string::npos);
    if (update) text.replace(start, end - start, table.markdown);
    CHECK(text.substr(start, end - start) == table.markdown);
  }
  if (update) std::ofstream(readme, std::ios::binary) << text;
}
