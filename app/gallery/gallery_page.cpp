#include "app/gallery/gallery_page.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "convanim/version.hpp"
#include "renderer/outputs/pending_file.hpp"
#include "src/arithmetic/guide_figures.hpp"
#include "src/config/describe.hpp"

namespace convanim {
namespace {
namespace fs = std::filesystem;

struct SectionText {
  GallerySection section;
  std::string_view id, title, intro;
};

// In page order, with what a reader needs to read the figures of each.
constexpr std::array<SectionText, 7> sections{{
    {GallerySection::arithmetic, "arithmetic", "The guide's arithmetic",
     "The animations of Dumoulin and Visin's guide to convolution arithmetic: input units blue, output units "
     "cyan, padding dashed; the shaded cells are the kernel's footprint and the output cell it computes. A "
     "transposed convolution is drawn as its equivalent direct convolution, with zeros inserted between the "
     "input units."},
    {GallerySection::numerical, "numerical", "Numerical",
     "The values in the cells, the kernel's weights in the corner of each covered cell, and each output as the "
     "kernel computes it; max pooling takes the window's maximum, average pooling its mean."},
    {GallerySection::transposed, "transposed", "The transposed convolution three ways",
     "Scatter: each input unit stamps the kernel, scaled by its value, onto the output, and overlapping stamps "
     "add up (cropped cells dashed). Pair: a convolution and the transposed convolution that goes back, the same "
     "cells lit. Matrix: the input unrolled into x and y = C x; the transposed convolution maps back with C^T."},
    {GallerySection::channels, "channels", "Channels and groups",
     "The input's channels are planes stacked in depth, the kernel a box as deep as the channels its filter "
     "reads; with groups, each plane takes its group's colour."},
    {GallerySection::one_d, "one-d", "1-D", "A 1-D layer drawn as strips: the input below, the output above."},
    {GallerySection::layers, "layers", "Stacked layers and receptive fields",
     "A network's maps as a tower: the field of an output unit grows down to the input, layer by layer."},
    {GallerySection::examples, "examples", "More examples", "Other cases: non-square inputs, uneven padding, "
                                                          "themes."},
}};

bool has_values(const Config& config) {
  return std::visit([](const auto& c) { return c.values.has_value(); }, config.content);
}

// The guide figure a name is made from ("padding_strides_odd_transposed_scatter" from
// "padding_strides_odd_transposed"), by its place in the guide; the unrelated go last.
int guide_rank(const std::string& stem) {
  const auto figures = guide_figures();
  int best = int(figures.size()), best_length = 0;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const std::string_view figure = figures[i].stem;
    if (stem.starts_with(figure) && int(figure.size()) > best_length) best = int(i), best_length = int(figure.size());
  }
  return best;
}

std::string caption_of(const Config& config) {
  if (const Scenario* scenario = config.scenario()) return describe_parameters(*scenario);
  const Network& network = *config.network();
  std::string caption = fmt::format("{} layers", network.layers.size());
  for (std::size_t i = 0; i < network.layers.size(); ++i)
    caption += fmt::format("{} {}", i == 0 ? ":" : "; then", describe_parameters(network.layers[i]));
  return caption;
}

// A path as a URL's path: every byte but the unreserved ones and "/" percent-encoded.
std::string url_path(const fs::path& path) {
  std::string url;
  for (const unsigned char c : path.generic_string()) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      url += char(c);
    else
      url += fmt::format("%{:02X}", c);
  }
  return url;
}

// A word of a shell command, quoted when it needs to be.
std::string shell_word(std::string_view word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("-_./=:,+@%").find(char(c)) != std::string_view::npos;
  });
  if (plain) return std::string(word);
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The batch's render flags, as `convanim render` takes them (app/cli/render_flags.hpp).
std::string flags_text(const RenderOverrides& overrides) {
  std::string text;
  for (const std::string& word : override_flags(overrides)) text += " " + shell_word(word);
  return text;
}

// A format's link text: "GIF", "PNG (step 1)".
std::string format_label(const std::string& format) {
  std::string label;
  for (const char c : format) label += char(std::toupper(static_cast<unsigned char>(c)));
  const OutputType* type = find_output_type("figure." + format);
  return type && type->traits.file_per_step ? label + " (step 1)" : label;
}

fs::path absolute_path(const fs::path& path) { return fs::absolute(path).lexically_normal(); }

// An id for a figure's anchor, made of the name's letters; unique on the page.
std::string anchor_of(const std::string& name, std::set<std::string>& taken) {
  std::string id = "fig-";
  for (const unsigned char c : name) id += std::isalnum(c) || c == '_' || c == '-' ? char(c) : '-';
  std::string unique = id;
  for (int n = 2; !taken.insert(unique).second; ++n) unique = fmt::format("{}-{}", id, n);
  return unique;
}

// The small script: pause and step buttons for each video, the GIF instead where the browser cannot
// play the MP4, no autoplay for readers who ask for reduced motion, and the large-type switch.
constexpr std::string_view script = R"JS(
const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
for (const figure of document.querySelectorAll('figure[data-steps]')) {
  const video = figure.querySelector('video'), player = figure.querySelector('.player');
  const steps = figure.dataset.steps.split(' ').map(Number);
  const play = player.querySelector('[data-action=play]'), where = player.querySelector('output');
  const current = () => {
    let i = 0;
    while (i + 1 < steps.length && steps[i + 1] <= video.currentTime * 1000 + 1) ++i;
    return i;
  };
  const show = () => {
    play.textContent = video.paused ? 'Play' : 'Pause';
    play.setAttribute('aria-pressed', String(video.paused));
    where.textContent = `step ${current() + 1} of ${steps.length}`;
  };
  const go = (delta) => {
    const i = (current() + delta + steps.length) % steps.length;
    video.pause();
    video.currentTime = (steps[i] + 1) / 1000;
  };
  const gif = () => {
    if (!video.dataset.gif) return;
    const image = new Image(video.width, video.height);
    image.src = video.dataset.gif;
    image.alt = video.getAttribute('aria-label');
    video.replaceWith(image);
    figure.dataset.fallback = 'gif';
    player.hidden = true;
  };
  if (!video.canPlayType('video/mp4; codecs="avc1.640028"') || video.error) { gif(); continue; }
  video.addEventListener('error', gif);
  for (const e of ['play', 'pause', 'timeupdate', 'seeked']) video.addEventListener(e, show);
  play.addEventListener('click', () => video.paused ? video.play() : video.pause());
  player.querySelector('[data-action=back]').addEventListener('click', () => go(-1));
  player.querySelector('[data-action=forward]').addEventListener('click', () => go(1));
  if (still) video.pause();
  player.hidden = false;
  show();
}
const large = document.getElementById('large-type');
large.hidden = false;
large.addEventListener('click', () => {
  const on = document.documentElement.classList.toggle('large');
  large.setAttribute('aria-pressed', String(on));
});
)JS";

constexpr std::string_view css = R"CSS(/* convanim gallery: written by `convanim batch --page`. */
:root {
  color-scheme: light dark;
  --text: #1d2327; --muted: #4a555c; --back: #fafaf7; --card: #ffffff; --line: #d5d9dc;
  --accent: #1f5f99; --focus: #c2410c; --code: #eef1f3;
  font-family: system-ui, "DejaVu Sans", sans-serif;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6e8ea; --muted: #b1b9bf; --back: #15191c; --card: #1f2428; --line: #3a4248;
    --accent: #8cc4ff; --focus: #ffb36b; --code: #2a3036;
  }
}
html.large { font-size: 150%; }
body { margin: 0; color: var(--text); background: var(--back); }
header, main { max-width: 110rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 2rem; margin: 1rem 0 0.25rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 0.25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 0.5rem 0 0; overflow-wrap: anywhere; }
p { max-width: 60rem; }
a { color: var(--accent); }
nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; padding: 0; list-style: none; }
.grid {
  display: grid; gap: 1.25rem; align-items: start;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 26rem), 1fr));
}
html.large .grid { grid-template-columns: 1fr; }
figure {
  margin: 0; padding: 0.75rem; background: var(--card); border: 1px solid var(--line); border-radius: 0.5rem;
  min-width: 0;
}
figure:target { outline: 3px solid var(--accent); }
.media { background: #ffffff; border-radius: 0.25rem; }
.media video, .media img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
html.large .media video, html.large .media img { width: 100%; max-height: 85vh; object-fit: contain; }
.player { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-top: 0.5rem; }
.player[hidden] { display: none; }
button {
  font: inherit; min-height: 2.75rem; min-width: 2.75rem; padding: 0.25rem 0.9rem; cursor: pointer;
  color: var(--text); background: var(--code); border: 1px solid var(--line); border-radius: 0.375rem;
}
button:hover { border-color: var(--accent); }
a:focus-visible, button:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
output { color: var(--muted); font-variant-numeric: tabular-nums; }
figcaption p, .files { margin: 0.25rem 0; }
code, pre { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.85em; }
pre {
  margin: 0.5rem 0 0; padding: 0.5rem; overflow-x: auto; background: var(--code); border-radius: 0.25rem;
  white-space: pre-wrap; overflow-wrap: anywhere;
}
details { margin-top: 0.5rem; }
summary { cursor: pointer; }
#large-type { float: right; margin-top: 1rem; }
#large-type[hidden] { display: none; }
)CSS";

void write_figure(std::string& html, const PageFigure& figure, const PageOptions& options, const std::string& id) {
  const fs::path page_dir = absolute_path(options.page).parent_path();
  const fs::path outdir = absolute_path(options.outdir);
  const BatchItem item{figure.config, figure.name};
  std::map<std::string, std::string> files;  // format -> href (the first file of a per-step format)
  for (const std::string& format : options.formats)
    files[format] = url_path((outdir / output_files(item, format, figure.step_count).front()).lexically_relative(page_dir));
  const std::string config_href = url_path(absolute_path(figure.config).lexically_relative(page_dir));
  const fs::path config_shown = absolute_path(figure.config).lexically_relative(absolute_path(options.root));
  const std::string alt = html_escape(fmt::format("Animation of {}: {}", figure.heading, figure.caption));
  const std::string heading = html_escape(figure.heading);

  std::string steps;
  for (double ms : figure.step_ms) steps += fmt::format("{}{}", steps.empty() ? "" : " ", std::llround(ms));
  const bool video = files.count("mp4") > 0;
  html += fmt::format("<figure id=\"{}\"{}>\n<div class=\"media\">", id,
                      video ? fmt::format(" data-steps=\"{}\"", steps) : "");
  if (video)
    html += fmt::format(
        "<video src=\"{}\" width=\"{}\" height=\"{}\" loop muted autoplay playsinline preload=\"auto\" "
        "aria-label=\"{}\"{}></video>",
        files["mp4"], figure.width, figure.height, alt,
        files.count("gif") ? fmt::format(" data-gif=\"{}\"", files["gif"]) : "");
  else if (files.count("gif"))
    html += fmt::format("<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\">", files["gif"], figure.width,
                        figure.height, alt);
  html += "</div>\n";
  if (video)
    html += fmt::format(
        "<div class=\"player\" hidden><button type=\"button\" data-action=\"back\" aria-label=\"Previous step of "
        "{0}\">&#9664; Step</button><button type=\"button\" data-action=\"play\" aria-pressed=\"false\" "
        "aria-label=\"Pause or play {0}\">Pause</button><button type=\"button\" data-action=\"forward\" "
        "aria-label=\"Next step of {0}\">Step &#9654;</button><output aria-live=\"polite\"></output></div>\n",
        heading);
  html += fmt::format("<figcaption><h3>{}</h3><p>{}</p></figcaption>\n", heading, html_escape(figure.caption));
  html += "<p class=\"files\">";
  for (const auto& [format, href] : files) html += fmt::format("<a href=\"{}\">{}</a> &middot; ", href, format_label(format));
  html += fmt::format("<a href=\"{}\">config</a></p>\n", config_href);
  std::string command = "convanim render " + shell_word(config_shown.generic_string());
  const std::string stem = fs::path(figure.name).filename().string();
  for (const std::string& format : options.formats) command += " -o " + shell_word(stem + "." + format);
  command += flags_text(options.flags);
  html += fmt::format("<pre class=\"command\"><code>{}</code></pre>\n", html_escape(command));
  html += fmt::format("<details><summary>The config, <code>{}</code></summary><pre><code>{}</code></pre></details>\n",
                      html_escape(config_shown.generic_string()), html_escape(figure.config_text));
  html += "</figure>\n";
}

// The transposed convolution's three ways in the order the page shows them; 3 for any other view.
int transposed_rank(std::string_view view) {
  constexpr std::string_view three_ways[] = {"scatter", "pair", "matrix"};
  return int(std::find(std::begin(three_ways), std::end(three_ways), view) - std::begin(three_ways));
}

}  // namespace

GallerySection gallery_section(const fs::path& name, const Config& config, std::string_view view) {
  static const std::map<std::string, GallerySection, std::less<>> folders{
      {"transposed", GallerySection::transposed}, {"channels", GallerySection::channels},
      {"1d", GallerySection::one_d},               {"layers", GallerySection::layers},
      {"numbers", GallerySection::numerical},      {"numerical", GallerySection::numerical},
      {"examples", GallerySection::examples}};
  const std::string folder = name.has_parent_path() ? name.begin()->string() : "";
  if (const auto known = folders.find(folder); known != folders.end()) return known->second;
  if (config.network()) return GallerySection::layers;
  if (transposed_rank(view) < 3) return GallerySection::transposed;
  const Scenario& s = *config.scenario();
  if (s.in_channels > 1 || s.out_channels > 1) return GallerySection::channels;
  if (s.dims == 1) return GallerySection::one_d;
  if (has_values(config)) return GallerySection::numerical;
  return folder == "guide" ? GallerySection::arithmetic : GallerySection::examples;
}

PageFigure page_figure(const BatchItem& item, std::string config_text, const Config& config, const Figure& figure) {
  PageFigure page;
  page.name = item.name.generic_string();
  page.config = item.config;
  page.config_text = std::move(config_text);
  page.section = gallery_section(item.name, config, figure.settings.view);
  page.heading = figure.settings.title.empty() ? figure.name : figure.settings.title;
  page.caption = caption_of(config);
  page.width = figure.view->width(), page.height = figure.view->height();
  page.step_count = figure.frames();
  const Timeline timeline = playback(figure).timeline;
  for (const PlannedFrame& frame : timeline.frames)
    if (!frame.from) page.step_ms.push_back(double(frame.start) * 1000.0 / double(timeline.ticks_per_second));
  page.order = (page.section == GallerySection::transposed ? transposed_rank(figure.settings.view) * 100 : 0) +
               guide_rank(item.name.filename().string());
  return page;
}

std::string html_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  return escaped;
}

std::string gallery_page_html(std::vector<PageFigure> figures, const PageOptions& options) {
  std::stable_sort(figures.begin(), figures.end(), [](const PageFigure& a, const PageFigure& b) {
    return std::tie(a.section, a.order, a.name) < std::tie(b.section, b.order, b.name);
  });
  std::string html = fmt::format(R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="convanim {}">
<title>convanim gallery</title>
<link rel="stylesheet" href="{}">
</head>
<body>
<header>
<button type="button" id="large-type" aria-pressed="false" hidden>Large type</button>
<h1>convanim gallery</h1>
<p>{} animations of convolution arithmetic, each rendered by convanim from the config shown under it, with the command that renders it. Pause a figure, or step through it a kernel position at a time, with the buttons under it.</p>
<nav aria-label="Sections"><ul>
)",
                                 convanim::version, gallery_css_name, figures.size());
  std::map<GallerySection, std::size_t> counts;
  for (const PageFigure& figure : figures) ++counts[figure.section];
  for (const SectionText& section : sections)
    if (counts[section.section] > 0)
      html += fmt::format("<li><a href=\"#{}\">{}</a> ({})</li>\n", section.id, html_escape(section.title),
                          counts[section.section]);
  html += "</ul></nav>\n</header>\n<main>\n";
  std::set<std::string> ids;
  for (const SectionText& section : sections) {
    if (counts[section.section] == 0) continue;
    html += fmt::format("<section id=\"{0}\" aria-labelledby=\"{0}-title\">\n<h2 id=\"{0}-title\">{1}</h2>\n"
                        "<p>{2}</p>\n<div class=\"grid\">\n",
                        section.id, html_escape(section.title), html_escape(section.intro));
    for (const PageFigure& figure : figures)
      if (figure.section == section.section) write_figure(html, figure, options, anchor_of(figure.name, ids));
    html += "</div>\n</section>\n";
  }
  html += fmt::format("</main>\n<script>{}</script>\n</body>\n</html>\n", script);
  return html;
}

std::string gallery_page_css() { return std::string(css); }

void write_gallery_page(const std::vector<PageFigure>& figures, const PageOptions& options) {
  const std::string html = gallery_page_html(figures, options);
  std::error_code error;
  const fs::path directory = absolute_path(options.page).parent_path();
  fs::create_directories(directory, error);
  if (error) throw OutputError(directory, fmt::format("cannot create the directory: {}", error.message()));
  PendingFile style(directory / gallery_css_name);
  style.write(gallery_page_css());
  PendingFile page(options.page);
  page.write(html);
  style.commit();  // the style first: a page is never there without its style
  page.commit();
}

}  // namespace convanim
