// The gallery as a web page: gallery/index.html and gallery/gallery.css, written by `convanim batch
// --page`. Every figure in its section (the guide's arithmetic, numerical, the transposed convolution
// three ways, channels and groups, 1-D, stacked layers, the other examples), each with its animation
// (the MP4 with buttons to pause and step, or the GIF), its caption, the config that made it (shown
// and linked) and the command that renders it. One HTML file and one CSS file: no framework, no
// external asset, no network. Everything taken from a config is HTML-escaped.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "renderer/render.hpp"
#include "app/batch/batch_plan.hpp"

namespace convanim {

// In page order.
enum class GallerySection { arithmetic, numerical, transposed, channels, one_d, layers, examples };

// A figure's section: by its folder (configs/channels/, 1d/, layers/, transposed/, numbers/,
// examples/), or by its content when the folder says nothing of it (guide/, or one not known here):
// a network, a scatter, pair or matrix view, several channels, one dimension, values; in guide/
// what is left is the guide's arithmetic, elsewhere an example.
GallerySection gallery_section(const std::filesystem::path& name, const Config& config, std::string_view view);

// What the page says of one figure.
struct PageFigure {
  std::string name;               // "guide/dilation": its outputs are OUTDIR/guide/dilation.*
  std::filesystem::path config;   // the config file, as the batch found it
  std::string config_text;        // its bytes
  GallerySection section = GallerySection::examples;
  std::string heading;            // the config's title, or its name
  std::string caption;            // the scenario in the guide's terms (src/config/describe)
  int width = 0, height = 0;      // pixels
  std::vector<double> step_ms;    // when each step is shown at rest in the MP4
  std::size_t step_count = 0;     // files per per-step format
  int order = 0;                  // within its section: the transposed views, then the guide's order
};

PageFigure page_figure(const BatchItem& item, std::string config_text, const Config& config, const Figure& figure);

struct PageOptions {
  std::filesystem::path page;      // the HTML file; gallery.css goes beside it
  std::filesystem::path outdir;    // the batch's output directory
  std::filesystem::path root;      // where the shown commands are run from (config paths relative to it)
  std::vector<std::string> formats;
  RenderOverrides flags;           // the batch's render flags, repeated in each command
};

inline constexpr std::string_view gallery_css_name = "gallery.css";

// The page's HTML and CSS, the same bytes for the same figures and options.
std::string gallery_page_html(std::vector<PageFigure> figures, const PageOptions& options);
std::string gallery_page_css();

// Writes both files, each atomically (a temporary file renamed into place); throws OutputError.
void write_gallery_page(const std::vector<PageFigure>& figures, const PageOptions& options);

// For the page, and for tests: text safe in HTML content and attribute values.
std::string html_escape(std::string_view text);

}  // namespace convanim
